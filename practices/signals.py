"""Telling members how their stories and suggested practices fare with the editors.

Editors act in Wagtail's admin, so we listen to its signals: a page going live, and a workflow
sent back with a comment. (The "we received it" email is sent by `practices.submissions`.)
Connected in `PracticesConfig.ready()`.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.signals import page_published, page_unpublished, workflow_rejected

from convening_site.page_cache import purge
from members.notifications import UPDATE, notify

from .models import (
    Competency,
    Concept,
    FundingSource,
    Participation,
    Perspective,
    Phase,
    PracticeIndexPage,
    PracticePage,
    PracticeUse,
    Purpose,
    Reading,
    Scale,
    StoryPage,
    Tradition,
)
from .submissions import email_context, page_url, submitter_of

# What editors keep as snippets shows in the library's filters, the chooser, the glossary and
# the resources.
LIBRARY_SNIPPETS = (
    Purpose,
    Phase,
    Tradition,
    Scale,
    Participation,
    Perspective,
    Competency,
    Concept,
    Reading,
    FundingSource,
)


@receiver(page_published, dispatch_uid="practices.tell_the_author_it_is_published")
def tell_the_author_it_is_published(sender, instance, **kwargs):
    """Email the member whose story or practice went live after they submitted it for
    moderation, once: later edits an editor publishes send nothing more. (A page an editor
    entered and published for a member, as the demo content does, sends nothing.)"""
    if not isinstance(instance, StoryPage | PracticePage):
        return
    author = submitter_of(instance)
    if author is None:
        return
    if not WorkflowState.objects.for_instance(instance).filter(requested_by=author).exists():
        return
    notify(
        author,
        kind=UPDATE,
        template="story_published",
        context={**email_context(instance), "page_url": page_url(instance)},
        key=f"{_what(instance)}-published:{instance.pk}",
    )


@receiver(workflow_rejected, dispatch_uid="practices.tell_the_author_it_was_sent_back")
def tell_the_author_it_was_sent_back(sender, instance: WorkflowState, **kwargs):
    """Email the member the editor's comment when their story or practice is sent back. Each
    sending back is its own email (keyed by the task state that was rejected)."""
    page = instance.content_object
    if page is None:
        return
    page = page.specific
    if not isinstance(page, StoryPage | PracticePage):
        return
    author = submitter_of(page)
    task_state = instance.current_task_state
    if author is None or task_state is None:
        return
    notify(
        author,
        kind=UPDATE,
        template="story_sent_back",
        context={**email_context(page), "comment": task_state.comment},
        key=f"{_what(page)}-sent-back:{page.pk}:{task_state.pk}",
    )


def _what(page):
    return "story" if isinstance(page, StoryPage) else "practice"


def _library_paths() -> list[str]:
    return [
        reverse(name)
        for name in (
            "practices:start",
            "practices:glossary",
            "practices:resources",
            "practices:feed",
            "practices:atom_feed",
        )
    ]


@receiver(page_published, dispatch_uid="practices.purge_what_shows_the_page")
@receiver(page_unpublished, dispatch_uid="practices.purge_what_shows_the_page_too")
def purge_what_shows_the_page(sender, instance, **kwargs):
    """A practice or story going live or away changes the library's views and feeds, and a
    story the pages of the practices it used (beside its own page, its listing and home:
    `convening_site.page_cache`)."""
    if isinstance(instance, StoryPage):
        # A generator: read only when a cache is there to purge.
        purge(pages=(used.practice for used in instance.practices_used.select_related("practice")))
    if isinstance(instance, StoryPage | PracticePage):
        purge(paths=_library_paths())


@receiver(post_save, dispatch_uid="practices.purge_the_library")
@receiver(post_delete, dispatch_uid="practices.purge_the_library_too")
def purge_the_library(sender, instance, **kwargs):
    if sender in LIBRARY_SNIPPETS:
        # Drafts too: purging an address no one is served costs nothing.
        purge(pages=PracticeIndexPage.objects.all(), paths=_library_paths())


@receiver(post_save, sender=PracticeUse, dispatch_uid="practices.purge_the_practice_used")
@receiver(post_delete, sender=PracticeUse, dispatch_uid="practices.purge_the_practice_used_too")
def purge_the_practice_used(sender, instance, **kwargs):
    """ "Used by N members" is on the practice's page."""
    purge(pages=[instance.practice])
