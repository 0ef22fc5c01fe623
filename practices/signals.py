"""Telling members how their stories and suggested practices fare with the editors.

Editors act in Wagtail's admin, so we listen to its signals: a page going live, and a workflow
sent back with a comment. (The "we received it" email is sent by `practices.submissions`.)
Connected in `PracticesConfig.ready()`.
"""

from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_rejected

from members.notifications import UPDATE, notify

from .models import PracticePage, StoryPage
from .submissions import email_context, page_url, submitter_of


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
