"""Members share stories and suggest practices through the site.

What a member sends becomes a draft page (never live) under the library, and enters Wagtail's
moderation workflow; editors review, edit, and publish it or send it back in the admin. Nothing a
member submits is public until an editor publishes it. Everything a member writes is sanitised
(`practices.sanitise`) before it is saved, and an image is checked and re-encoded first.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, WorkflowState
from wagtail.users.models import UserProfile as AdminProfile

from convening.shared.storage import private_picture_name
from members.avatars import reencode_upload
from members.models import is_verified_member
from members.notifications import UPDATE, notify

from .models import (
    PracticeIndexPage,
    PracticePage,
    StoryAuthor,
    StoryPage,
    StoryPractice,
    StoryValue,
)
from .sanitise import text_to_html

MEMBER_UPLOADS = "Member uploads"
# Enough for a member sharing a backlog of stories; a stop to a script filling the editors' queue.
PER_DAY = 10
IMAGE_LONGEST_SIDE = 2000
MAX_STEPS = 30
# Paths under /practices/ that belong to views, so no page may take them as its slug.
RESERVED_SLUGS = {
    "start",
    "glossary",
    "resources",
    "feed",
    "share-a-story",
    "suggest-a-practice",
    "pictures",
}

_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.):-]|[-*\u2022])\s*")


class SubmissionRefused(Exception):
    """Why a story or suggestion cannot be accepted, in words for the member."""


# Sharing a story ---------------------------------------------------------------------------


def submit_story(member, cleaned_data, *, image=None) -> StoryPage:
    """Turn a member's story into a draft StoryPage and submit it for moderation.

    `cleaned_data` is `StorySubmissionForm.cleaned_data`; `image` an uploaded file or None.

    Side effects, in one transaction: an image checked and re-encoded as WebP (no EXIF) saved as
    a Wagtail image in the "Member uploads" collection (created if missing); a StoryPage that is
    not live, owned and `submitted_by` the member, under the live library, with the chosen
    practices (and how they were adapted), the member as its author, its facets and the value
    it created; a revision; Wagtail's moderation workflow started on it (Wagtail emails the
    approvers); the member's admin notifications turned off, since our own emails tell them
    instead; and, after commit, the "we received your story" email to the member.

    Raises SubmissionRefused when the member is not verified or has submitted `PER_DAY` things
    in the last day, the library or its workflow is missing, or no chosen practice is live;
    ValidationError (on "image") for an image that is not a JPEG, PNG or WebP, is larger than
    5 MB or has too many pixels. Either way nothing is saved.
    """
    _check_member(member)
    index = _library()
    workflow = _workflow_for(index)
    practices = list(
        PracticePage.objects.live()
        .public()
        .filter(pk__in=[p.pk for p in cleaned_data["practices"]])
    )
    if not practices:
        raise SubmissionRefused("Please choose at least one practice from the library.")
    picture = prepare_story_image(image) if image else None

    with transaction.atomic():
        story = StoryPage(
            title=cleaned_data["title"],
            slug=_free_slug(index, cleaned_data["title"]),
            summary=cleaned_data["summary"],
            situation=text_to_html(cleaned_data["situation"]),
            what_we_did=text_to_html(cleaned_data["what_we_did"]),
            what_happened=text_to_html(cleaned_data["what_happened"]),
            what_we_learned=text_to_html(cleaned_data["what_we_learned"]),
            do_differently=text_to_html(cleaned_data.get("do_differently", "")),
            place=cleaned_data.get("place", ""),
            live=False,
            owner=member,
            submitted_by=member,
        )
        adaptation = cleaned_data.get("adaptation", "")
        story.practices_used = [
            StoryPractice(practice=practice, adaptation=adaptation, sort_order=order)
            for order, practice in enumerate(practices)
        ]
        story.authors = [StoryAuthor(member=member, sort_order=0)]
        if cleaned_data.get("value_cycle"):
            story.value_created = [
                StoryValue(
                    cycle=cleaned_data["value_cycle"],
                    evidence=cleaned_data.get("value_evidence", ""),
                    sort_order=0,
                )
            ]
        story.sectors = list(cleaned_data.get("sectors") or [])
        story.perspectives = list(cleaned_data.get("perspectives") or [])
        story.competencies = list(cleaned_data.get("competencies") or [])
        if picture is not None:
            story.image = _save_image(
                picture,
                member=member,
                title=cleaned_data["title"],
                description=cleaned_data.get("image_description", ""),
            )
        index.add_child(instance=story)
        _into_moderation(story, workflow, member)
        notify(
            member,
            kind=UPDATE,
            template="story_submitted",
            context=email_context(story),
            key=f"story-submitted:{story.pk}",
        )
    return story


def suggest_practice(member, cleaned_data) -> PracticePage:
    """Turn a member's suggestion into a draft PracticePage and submit it for moderation.

    `cleaned_data` is `PracticeSuggestionForm.cleaned_data`. Numbered lines of `steps` become
    one phase of steps ("Name: what to do" gives a step its name).

    Side effects, in one transaction: a PracticePage that is not live and is owned by the
    member, under the live library; a revision; Wagtail's moderation workflow started on it;
    the member's admin notifications turned off; after commit, the "we received your
    suggestion" email. Raises SubmissionRefused when the member is not verified or has submitted
    `PER_DAY` things in the last day, or the library or its workflow is missing; then nothing is
    saved.
    """
    _check_member(member)
    index = _library()
    workflow = _workflow_for(index)
    with transaction.atomic():
        practice = PracticePage(
            title=cleaned_data["title"],
            slug=_free_slug(index, cleaned_data["title"]),
            summary=cleaned_data["summary"],
            makes_possible=text_to_html(cleaned_data["makes_possible"]),
            when_to_use=text_to_html(cleaned_data.get("when_to_use", "")),
            steps=steps_from_text(cleaned_data.get("steps", "")),
            originators=cleaned_data.get("originators", ""),
            key_sources=text_to_html(cleaned_data.get("key_sources", "")),
            live=False,
            owner=member,
        )
        index.add_child(instance=practice)
        _into_moderation(practice, workflow, member)
        notify(
            member,
            kind=UPDATE,
            template="story_submitted",
            context=email_context(practice),
            key=f"practice-submitted:{practice.pk}",
        )
    return practice


def steps_from_text(text: str) -> list:
    """Plain lines, numbered or not, as the raw value of `PracticePage.steps`: one phase named
    "Steps", a step per line. "Name: what to do" names a step; otherwise it is "Step N"."""
    steps = []
    for line in (text or "").splitlines():
        line = _NUMBERING.sub("", line).strip()
        if not line:
            continue
        name, sep, rest = line.partition(": ")
        if sep and rest.strip() and len(name) <= 120:
            title, description = name.strip(), rest.strip()
        else:
            title, description = f"Step {len(steps) + 1}", line
        steps.append(
            {
                "title": title,
                "description": Truncator(description).chars(1500),
                "minutes": None,
                "group_configuration": "",
                "output": "",
            }
        )
    if not steps:
        return []
    return [{"type": "phase", "value": {"title": "Steps", "steps": steps[:MAX_STEPS]}}]


# Images ------------------------------------------------------------------------------------


def prepare_story_image(upload) -> ImageFile:
    """Check an uploaded file is a real JPEG, PNG or WebP image of at most 5 MB and a sane number
    of pixels, before decoding it, and return it re-encoded as WebP (at most 2000 px on its
    longest side), which drops EXIF data such as a location. The file name is random, so a
    draft's image cannot be found by guessing; it also marks the file as a member's picture,
    kept in private storage and served only by `practices:picture` (`convening.shared.storage`).
    Raises ValidationError({"image": ...})."""
    try:
        data = reencode_upload(upload, longest_side=IMAGE_LONGEST_SIDE)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from None
    return ImageFile(BytesIO(data), name=private_picture_name("webp"))


def member_uploads_collection() -> Collection:
    """The collection for images members upload, created under the root if it is missing."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=MEMBER_UPLOADS).first()
    return existing or root.add_child(name=MEMBER_UPLOADS)


def _save_image(picture, *, member, title, description):
    image = get_image_model()(
        title=Truncator(title).chars(255),
        description=Truncator(description).chars(255),
        file=picture,
        collection=member_uploads_collection(),
        uploaded_by_user=member,
    )
    image._set_image_file_metadata()
    image.save()
    return image


# Where a submission stands -----------------------------------------------------------------

DRAFT = "draft"
IN_REVIEW = "in review"
SENT_BACK = "sent back"
PUBLISHED = "published"


@dataclass
class Submission:
    """A member's story or suggested practice, and where it stands with the editors."""

    page: Page
    status: str
    comment: str = ""

    @property
    def kind(self):
        return "story" if isinstance(self.page, StoryPage) else "practice"


def stories_of(member):
    """Stories the member submitted or is named as an author of, newest first."""
    authored = StoryAuthor.objects.filter(member=member).values("story_id")
    return StoryPage.objects.filter(Q(submitted_by=member) | Q(pk__in=authored)).order_by(
        "-latest_revision_created_at", "-pk"
    )


def suggestions_of(member):
    """Practices the member suggested through the site (they own them and have no admin
    access: an editor's own pages are their work, not suggestions), newest first."""
    if not came_through_the_site(member):
        return PracticePage.objects.none()
    return PracticePage.objects.filter(owner=member).order_by("-latest_revision_created_at", "-pk")


def submissions_of(member) -> list[Submission]:
    """The member's stories and suggested practices, each with its status, in two queries plus
    one for the workflow states."""
    pages = [*stories_of(member), *suggestions_of(member)]
    return with_status(pages)


def latest_submissions_of(member, count) -> list[Submission]:
    """The newest `count` of the member's stories and suggested practices (those of
    `submissions_of`), each with its status. One query for both kinds, reading each page's own
    row and not the story's or practice's text, which a list of them does not show; one more
    for the workflow states."""
    # Each kind's ids from its own table, where an index finds them, then their pages: an OR
    # across the two tables' joins would read every page of the site.
    theirs = stories_of(member).order_by().values("pk")
    if came_through_the_site(member):
        theirs = theirs.union(PracticePage.objects.filter(owner=member).order_by().values("pk"))
    pages = (
        Page.objects.filter(pk__in=theirs)
        .specific(defer=True)
        .order_by("-latest_revision_created_at", "-pk")[:count]
    )
    return with_status(list(pages))


def with_status(pages) -> list[Submission]:
    """Each page as a Submission: published when live; otherwise sent back (with the editor's
    comment), in review, or a draft, from its current workflow state."""
    if not pages:
        return []
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .select_related("current_task_state")
    }
    submissions = []
    for page in pages:
        state = states.get(page.pk)
        if page.live:
            submissions.append(Submission(page, PUBLISHED))
        elif state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            comment = state.current_task_state.comment if state.current_task_state else ""
            submissions.append(Submission(page, SENT_BACK, comment))
        elif state is not None:
            submissions.append(Submission(page, IN_REVIEW))
        else:
            submissions.append(Submission(page, DRAFT))
    return submissions


def submitter_of(page):
    """The member to tell about this page's progress: the member who submitted a story, or
    who suggested a practice through the site; None for pages editors made themselves."""
    page = page.specific
    if isinstance(page, StoryPage):
        return page.submitted_by
    if isinstance(page, PracticePage) and page.owner_id and came_through_the_site(page.owner):
        return page.owner
    return None


def came_through_the_site(user) -> bool:
    return not user.has_perm("wagtailadmin.access_admin")


# Shared steps ------------------------------------------------------------------------------


def _check_member(member):
    if not is_verified_member(member):
        raise SubmissionRefused("Please verify your email address before sharing with the library.")
    since = timezone.now() - timedelta(days=1)
    if WorkflowState.objects.filter(requested_by=member, created_at__gte=since).count() >= PER_DAY:
        raise SubmissionRefused(
            "You have shared a lot with the editors today. Please try again tomorrow."
        )


def _library() -> PracticeIndexPage:
    index = PracticeIndexPage.objects.live().first()
    if index is None:
        raise SubmissionRefused("The library is not open for contributions yet.")
    return index


def _workflow_for(index):
    # Without a workflow no editor would ever be asked to look: refuse rather than leave a
    # draft nobody knows about.
    workflow = index.get_workflow()
    if workflow is None:
        raise SubmissionRefused("The editors are not taking contributions just now.")
    return workflow


def _free_slug(index, title) -> str:
    base = slugify(title)[:70].strip("-") or "contribution"
    taken = set(index.get_children().values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _into_moderation(page, workflow, member):
    page.save_revision(user=member, log_action=True)
    if came_through_the_site(member):
        # Wagtail would email the member its own admin notices, with links into an admin they
        # cannot open; our emails (practices.signals) tell them instead.
        profile = AdminProfile.get_for_user(member)
        profile.submitted_notifications = False
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.updated_comments_notifications = False
        profile.save()
    workflow.start(page, member)


def email_context(page) -> dict:
    """What every email about a member's story or suggestion needs."""
    return {
        "what": "story" if isinstance(page, StoryPage) else "practice",
        "title": page.title,
        "dashboard_url": settings.SITE_URL + reverse("members:dashboard"),
    }


def page_url(page) -> str:
    """The absolute public address of a page, from SITE_URL (emails and feeds)."""
    parts = page.get_url_parts()
    return settings.SITE_URL + (parts[2] if parts else "/")
