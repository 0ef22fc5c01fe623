"""A member's stories and suggested practices in their own space, their data download, and what
happens to them when the member deletes their account. Registered in
`practices/wagtail_hooks.py`.
"""

from wagtail.models import Revision

from members.panels import Panel

from .models import PracticePage, StoryAuthor, StoryPage
from .submissions import (
    PUBLISHED,
    latest_submissions_of,
    page_url,
    stories_of,
    submissions_of,
    suggestions_of,
)

# The dashboard shows the most recent; the download has them all.
SHOWN = 10


def my_stories_panel(request):
    submissions = latest_submissions_of(request.user, SHOWN + 1)
    return Panel(
        "Your stories and suggestions",
        "practices/panels/my_stories.html",
        {"submissions": submissions[:SHOWN], "more": len(submissions) > SHOWN},
        # Open: "Share a story" starts here.
        order=45,
    )


# Data rights --------------------------------------------------------------------------------


def export_stories(user) -> list:
    """Every story the member submitted or is an author of, and every practice they suggested,
    with where it stands and what they wrote."""
    exported = []
    for submission in submissions_of(user):
        page = submission.page
        entry = {
            "kind": submission.kind,
            "title": page.title,
            "status": submission.status,
            "editor_comment": submission.comment,
            "summary": page.summary,
            "created_at": page.latest_revision_created_at,
            "first_published_at": page.first_published_at,
            "address": page_url(page) if submission.status == PUBLISHED else None,
        }
        if isinstance(page, StoryPage):
            entry.update(
                submitted_by_you=page.submitted_by_id == user.pk,
                situation=page.situation,
                what_we_did=page.what_we_did,
                practices=[
                    {"practice": use.practice.title, "adaptation": use.adaptation}
                    for use in page.practices_used.select_related("practice")
                ],
                what_happened=page.what_happened,
                what_we_learned=page.what_we_learned,
                do_differently=page.do_differently,
                place=page.place,
                value_created=[
                    {"cycle": value.get_cycle_display(), "evidence": value.evidence}
                    for value in page.value_created.all()
                ],
            )
        else:
            entry.update(
                makes_possible=page.makes_possible,
                when_to_use=page.when_to_use,
                originators=page.originators,
                key_sources=page.key_sources,
            )
        exported.append(entry)
    return exported


def export_story_images(user):
    """The images the member uploaded with their stories."""
    for story in StoryPage.objects.filter(submitted_by=user, image__isnull=False).select_related(
        "image"
    ):
        extension = story.image.file.name.rsplit(".", 1)[-1].lower()
        yield f"images/story-{story.pk}.{extension}", story.image.file


def erase_stories(user, *, keep_published: bool) -> None:
    """What happens to a departing member's stories and suggestions.

    Side effects: stories they submitted and practices they suggested that are not published
    are deleted, with their images. Published stories they submitted or wrote: if
    `keep_published`, they stay, with the member's author rows shown as "A former member" and
    `submitted_by` cleared; otherwise they are unpublished and deleted, with their images (a
    story written with other members stays for them, without the departing member as an
    author). Published practices stay: editors made them the library's own. Every revision
    of what stays is rewritten so it no longer names the member. Runs inside the deletion's
    transaction.
    """
    stories = list(stories_of(user))
    practices = list(suggestions_of(user))
    for practice in practices:
        if not practice.live:
            _delete(practice)
    for story in stories:
        others = story.authors.exclude(member=user).exclude(member=None, name="").exists()
        if not story.live:
            if story.submitted_by_id == user.pk:
                _delete(story)
            else:
                _forget_author(story, user, keep_row=False)
        elif keep_published:
            _forget_author(story, user, keep_row=True)
        elif others and story.submitted_by_id != user.pk:
            _forget_author(story, user, keep_row=False)
        else:
            _delete(story)
    for practice in practices:
        if practice.live:
            _scrub_revisions(practice, user)


def _forget_author(story, user, *, keep_row: bool):
    rows = StoryAuthor.objects.filter(story=story, member=user)
    if keep_row:
        rows.update(member=None, name="")
    else:
        rows.delete()
    StoryPage.objects.filter(pk=story.pk, submitted_by=user).update(submitted_by=None)
    _scrub_revisions(story, user, keep_author_row=keep_row)


def _scrub_revisions(page, user, *, keep_author_row=True):
    """Revisions hold a copy of the page, author rows included: take the member out of each,
    so an editor restoring or editing an old revision cannot bring them back."""
    for revision in Revision.objects.for_instance(page):
        content = revision.content
        for field in ("owner", "submitted_by", "locked_by"):
            if content.get(field) == user.pk:
                content[field] = None
        authors = []
        for author in content.get("authors", []):
            if author.get("member") == user.pk:
                if not keep_author_row:
                    continue
                author = {**author, "member": None, "name": ""}
            authors.append(author)
        if "authors" in content:
            content["authors"] = authors
        revision.content = content
        revision.save(update_fields=["content"])


def _delete(page):
    image = getattr(page, "image", None) if isinstance(page, StoryPage) else None
    if page.live:
        page.unpublish(log_action=False)
    page.delete()
    if image is not None and not _image_used_elsewhere(image):
        image.delete()  # Wagtail removes the file from storage once the deletion commits


def _image_used_elsewhere(image) -> bool:
    return (
        StoryPage.objects.filter(image=image).exists()
        or PracticePage.objects.filter(image=image).exists()
    )
