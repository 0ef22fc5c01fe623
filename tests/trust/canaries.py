"""Canaries for the side-channel crawl of the trust tests (#8, section 2).

`plant(world, ...)` writes a unique string ("canary-<field>-<12 hex>", lower case so it survives
slugs, URLs and case-folding search) into every confidential field of the project, through the
real services where a member or host would write it (so their emails are sent too), and records
for each canary WHICH personas may read it. A persona is one of `world.PERSONAS`; an email
address stands for someone outside the site (a guest invited by address).

Who may read what, in short (README "Who sees a profile", "Circles", events/rules.py):
- circles are sealed: their content is for their active members (facilitator notes for the
  facilitators), and staff have no exception;
- a member's private things (reflections, access needs, practice notes, commitments) are theirs;
- what a member tells the hosts of a gathering is for those hosts, not for site staff;
- profiles' hidden parts are for the member and site staff (`Profile.objects.visible_to`);
- pages in review, drafts and restricted pages are for their submitter and the editors, who
  reach them in the admin.
"""

import io
import secrets
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState

from convening.circles import membership as circle_services
from convening.circles import reflections as reflection_services
from convening.circles import sessions as session_services
from convening.circles.models import Circle, CircleMembership, Commitment, ReflectionVisibility
from events import invitations as invitation_services
from events.models import AccessNeeds, EventPage, Feedback, Invitation, Rsvp
from events.rsvp import rsvp
from events.views.calendar import new_feed_token
from events.visibility import GatheringVisibility
from members import contact, safety
from members.models import Profile, Report
from members.visibility import Visibility
from practices.models import PracticePage, PracticeUse, StoryPage
from tests.convening.circles.factories import make_circle, make_reflection, make_session
from tests.events.factories import days, make_gathering, make_host
from tests.practices.factories import make_library, make_practice

from .world import PERSONAS

STAFF = frozenset({"editor", "superuser"})
# Someone who is not one of the world's personas: another host, who gets emails (a digest).
OTHER_HOST = "other_host"
# Verified, active accounts: every persona but the visitor, the unverified and the deactivated.
VERIFIED = (frozenset(PERSONAS) - {"anonymous", "unverified", "deactivated"}) | {OTHER_HOST}


@dataclass(frozen=True)
class Canary:
    field: str  # what was planted where, for the report
    token: str
    readers: frozenset  # persona names, and email addresses of people outside the site

    @property
    def word(self) -> str:
        """The random part alone: what a search is given, so the search page echoing the
        query back is not mistaken for the planted field coming out."""
        return self.token.rsplit("-", 1)[1]


@dataclass
class Garden:
    canaries: dict = field(default_factory=dict)  # token -> Canary
    # Addresses of planted objects: each persona asks for every one of them directly.
    object_urls: list = field(default_factory=list)
    # Persona -> the address of their personal calendar feed (a secret link).
    feeds: dict = field(default_factory=dict)
    # People planted beside the world's personas, by the name readers know them by.
    people: dict = field(default_factory=dict)

    def sow(self, name: str, readers) -> str:
        token = f"canary-{name}-{secrets.token_hex(6)}"
        self.canaries[token] = Canary(name, token, frozenset(readers))
        return token

    def watch(self, name: str, text: str, readers) -> None:
        """Watch a string the site made itself (a stored file's name) as if it were a canary."""
        token = text.lower()
        self.canaries[token] = Canary(name, token, frozenset(readers))

    def found_in(self, text: str, *, typed: str = "") -> list[Canary]:
        """The canaries in `text`, except those in `typed` (the address the persona asked
        for: a page echoing back what someone typed reveals nothing they did not know)."""
        text, typed = unfold(text).lower(), typed.lower()
        return [
            canary
            for token, canary in self.canaries.items()
            if token in text and token not in typed
        ]


def unfold(text: str) -> str:
    """Calendar files fold long lines (RFC 5545: CRLF and a space): a canary cut in two by a
    fold must still be found."""
    return text.replace("\r\n ", "").replace("\n ", "")


def plant(world, *, capture, home_page) -> Garden:
    """Plant a canary in every confidential field, on top of `world`. `capture` is pytest-django's
    `django_capture_on_commit_callbacks`, so the emails the services send after commit are sent
    (into mail.outbox) as they would be."""
    garden = Garden()
    with capture(execute=True):
        _plant_profiles(world, garden)
        _plant_circles(world, garden)
        _plant_gatherings(world, garden)
    # Stories go through the member's own form and the editor's review, as in real life: each
    # request commits (and sends) on its own.
    with capture(execute=True):
        _plant_library(world, garden, home_page)
    with capture(execute=True):
        _plant_feeds(world, garden)
    return garden


# Profiles, messages and reports ---------------------------------------------------------------


def _plant_profiles(world, garden):
    people = world.people
    owner = people["circle_member"]
    profile = Profile.objects.get(user=owner)
    own_and_staff = {"circle_member", *STAFF}
    profile.organisation = garden.sow("organisation-private", own_and_staff)
    profile.organisation_visibility = Visibility.PRIVATE
    profile.lived_experience = garden.sow("lived-experience-private", own_and_staff)
    profile.lived_experience_visibility = Visibility.PRIVATE
    profile.website = "https://example.org/" + garden.sow("website-members", VERIFIED)
    profile.contact_visibility = Visibility.MEMBERS
    profile.save()

    # The address an account signs in with: the member's own, staff's, and (by design,
    # tests/events/test_host.py) the hosts' of a gathering the member replies to.
    address = garden.sow("email-address", {*own_and_staff, "host"}) + "@example.org"
    EmailAddress.objects.filter(user=owner).update(email=address)
    owner.email = address
    owner.save(update_fields=["email"])

    # A whole profile kept private: only its owner and staff.
    hidden = Profile.objects.get(user=people["facilitator_b"])
    hidden.visibility = Visibility.PRIVATE
    hidden.bio = garden.sow("bio-private-profile", {"facilitator_b", *STAFF})
    hidden.save()
    garden.object_urls.append(hidden.get_absolute_url())

    # A members-only profile: verified members, not visitors.
    shown = Profile.objects.get(user=people["host"])
    shown.visibility = Visibility.MEMBERS
    shown.bio = garden.sow("bio-members-profile", VERIFIED)
    shown.save()
    garden.object_urls.append(shown.get_absolute_url())

    # A message between two members: theirs alone (the recipient reads it by email).
    message = contact.send_message(
        people["member"], owner, garden.sow("contact-message", {"member", "circle_member"})
    )
    garden.object_urls.append(reverse("members:reply", kwargs={"pk": message.pk}))

    # A report to staff about a member: the reporter's words, for staff.
    report = safety.report(
        people["member"],
        Profile.objects.get(user=people["host"]),
        reason="other",
        details=garden.sow("report-details", {"member", *STAFF}),
    )
    Report.objects.filter(pk=report.pk).update(staff_notes=garden.sow("report-staff-notes", STAFF))
    garden.object_urls.append(f"/admin/member-reports/edit/{report.pk}/")


# Circles ----------------------------------------------------------------------------------------


def _plant_circles(world, garden):
    people = world.people
    circle_a = world.circle_a
    in_circle_a = {"circle_member", "facilitator_a"}
    Circle.objects.filter(pk=circle_a.pk).update(
        purpose=garden.sow("circle-a-purpose", VERIFIED), status=Circle.Status.MEETING
    )
    circle_a.refresh_from_db()

    session = make_session(
        circle_a,
        join_url="https://meet.example.org/" + garden.sow("circle-session-join-url", in_circle_a),
        place=garden.sow("circle-session-place", in_circle_a),
    )
    session_services.save_notes(
        session, people["facilitator_a"], garden.sow("facilitator-notes", {"facilitator_a"})
    )
    closing = make_session(circle_a, starts_in=days(60), is_closing=True)
    session_services.save_retrospective(
        closing, people["facilitator_a"], garden.sow("session-retrospective", in_circle_a)
    )
    garden.object_urls += [
        session.get_absolute_url(),
        closing.get_absolute_url(),
        reverse("circles:join_session", kwargs={"slug": circle_a.slug, "number": 1}),
    ]

    author = people["circle_member"]
    private = make_reflection(
        author,
        title=garden.sow("reflection-private-title", {"circle_member"}),
        sections=_sections(garden.sow("reflection-private-text", {"circle_member"})),
    )
    shared = make_reflection(
        author,
        title=garden.sow("reflection-circle-title", in_circle_a),
        sections=_sections(garden.sow("reflection-circle-text", in_circle_a)),
        visibility=ReflectionVisibility.CIRCLE,
        circle=circle_a,
    )
    with_members = make_reflection(
        author,
        title=garden.sow("reflection-members-title", VERIFIED),
        sections=_sections(garden.sow("reflection-members-text", VERIFIED)),
        visibility=ReflectionVisibility.MEMBERS,
    )
    reflection_services.reply_to(
        shared, people["facilitator_a"], garden.sow("reflection-reply", in_circle_a)
    )
    garden.object_urls += [r.get_absolute_url() for r in (private, shared, with_members)]
    Commitment.objects.create(
        member=author, text=garden.sow("commitment", {"circle_member"}), session=session
    )

    # A join request to circle B: its answers and message are for circle B's facilitators.
    request_readers = {"member", "facilitator_b"}
    world.circle_b.join_questions = "What do you bring?"
    world.circle_b.save(update_fields=["join_questions"])
    circle_services.request_to_join(
        world.circle_b,
        people["member"],
        answers=[garden.sow("join-answer", request_readers)],
        message=garden.sow("join-message", request_readers),
        agreed=True,
    )

    # An invitation-only circle: it exists only for its facilitator and the people invited.
    invited_circle = {"facilitator_a", "member"}
    # Addresses carry no canary (slugs are given): a persona asking for an address it guessed
    # sees it echoed back, which is no leak; what the page says about the object would be.
    hidden = make_circle(
        garden.sow("invitation-circle-name", invited_circle),
        slug="an-invitation-only-circle",
        facilitator=people["facilitator_a"],
        join_policy=Circle.JoinPolicy.INVITATION,
        purpose=garden.sow("invitation-circle-purpose", invited_circle),
    )
    circle_services.invite(
        hidden,
        people["member"],
        by=people["facilitator_a"],
        message=garden.sow("circle-invitation-message", invited_circle),
    )
    garden.object_urls.append(hidden.get_absolute_url())
    garden.object_urls.append(circle_a.get_absolute_url())
    garden.object_urls.append(reverse("circles:facilitate", kwargs={"slug": world.circle_b.slug}))
    garden.object_urls.append(reverse("circles:facilitate", kwargs={"slug": circle_a.slug}))
    assert CircleMembership.objects.filter(circle=hidden, status="invited").count() == 1


def _sections(text):
    return [
        {"key": "what", "heading": "What?", "text": text},
        {"key": "so_what", "heading": "So what?", "text": "It mattered."},
        {"key": "now_what", "heading": "Now what?", "text": "Try again."},
    ]


# Gatherings -------------------------------------------------------------------------------------


def _plant_gatherings(world, garden):
    people = world.people
    host = people["host"]

    # The invitation-only gathering: known to its host, the people invited and (in the admin)
    # superusers; editors have no exception (#16, item 2). Its join link is for hosts and
    # people going.
    secret = world.invitation_only
    invited = {"host", "member", "superuser"}
    guest_token = garden.sow("guest-address", {"host"})
    guest = guest_token + "@example.net"
    # The guest's address is theirs and the host's.
    garden.canaries[guest_token] = Canary("guest-address", guest_token, frozenset({"host", guest}))
    secret.title = garden.sow("invited-gathering-title", {*invited, guest})
    secret.summary = garden.sow("invited-gathering-summary", {*invited, guest})
    secret.join_url = "https://meet.example.org/" + garden.sow(
        "invited-gathering-join-url", {"host", "superuser"}
    )
    secret.save_revision().publish()
    invitation_services.invite(
        secret,
        by=host,
        member=people["member"],
        message=garden.sow("invitation-message", {"host", "member"}),
    )
    invitation_services.invite(
        secret,
        by=host,
        email=guest,
        name=garden.sow("guest-name", {"host", guest}),
        message=garden.sow("guest-invitation-message", {"host", guest}),
    )
    Invitation.objects.filter(event=secret, member=people["member"]).update(
        host_note=garden.sow("invitation-host-note", {"host", "member"})
    )
    garden.object_urls += [secret.url, reverse("events:host", kwargs={"pk": secret.pk})]

    # Another host's invitation-only gathering: nothing of it is for this host.
    garden.people[OTHER_HOST] = make_host(name="Otto Otherhost")
    elsewhere = make_gathering(
        garden.sow("other-hosts-gathering-title", {OTHER_HOST, "superuser"}),
        slug="another-hosts-gathering",
        hosts=[garden.people[OTHER_HOST]],
        visibility=GatheringVisibility.INVITED,
        join_url="https://meet.example.org/"
        + garden.sow("other-hosts-join-url", {OTHER_HOST, "superuser"}),
    )
    garden.object_urls += [
        elsewhere.url,
        reverse("events:gathering_ics", kwargs={"pk": elsewhere.pk}),
        reverse("wagtailadmin_pages:edit", args=(elsewhere.pk,)),
    ]

    # The open gathering: its join link is for the people going, its hosts and the editors.
    open_gathering = world.open_gathering
    open_gathering.join_url = "https://meet.example.org/" + garden.sow(
        "open-gathering-join-url", {"host", "member", *STAFF}
    )
    open_gathering.save_revision().publish()
    needs = AccessNeeds.objects.create(
        member=people["member"], notes=garden.sow("access-needs-kept", {"member"})
    )
    assert needs.pk
    rsvp(
        open_gathering,
        people["member"],
        going=True,
        access_notes=garden.sow("rsvp-access-notes", {"member", "host"}),
        question=garden.sow("rsvp-question", {"member", "host"}),
    )
    garden.object_urls += [
        open_gathering.url,
        reverse("events:host", kwargs={"pk": open_gathering.pk}),
        reverse("events:attendees_csv", kwargs={"pk": open_gathering.pk}),
    ]

    # A members-only gathering in person: its title for members, its venue for people going.
    venue_readers = {"host", "circle_member", *STAFF}
    members_only = make_gathering(
        garden.sow("members-gathering-title", VERIFIED),
        slug="a-members-gathering",
        hosts=[host],
        visibility=GatheringVisibility.MEMBERS,
        format=EventPage.Format.IN_PERSON,
        place="Leeds",
        venue=garden.sow("members-gathering-venue", venue_readers),
    )
    rsvp(members_only, people["circle_member"], going=True)
    garden.object_urls.append(members_only.url)
    # Each gathering's own calendar file says what its viewer may know (venue, join link).
    garden.object_urls += [
        reverse("events:gathering_ics", kwargs={"pk": event.pk})
        for event in (secret, open_gathering, members_only)
    ]

    # A gathering that is over: its feedback is for the one who gave it and the hosts; its
    # recording for members.
    past = make_gathering(
        "A gathering last month",
        hosts=[host],
        starts_in=-days(30),
        recording_url="https://video.example.org/" + garden.sow("recording-url", VERIFIED),
        recording_members_only=True,
    )
    Rsvp.objects.create(event=past, member=people["member"], status=Rsvp.Status.GOING)
    Feedback.objects.create(
        event=past,
        member=people["member"],
        usefulness=4,
        what_worked=garden.sow("feedback-what-worked", {"member", "host"}),
        what_next=garden.sow("feedback-what-next", {"member", "host"}),
    )
    garden.object_urls += [past.url, reverse("events:host", kwargs={"pk": past.pk})]


# The library: stories in review and sent back, drafts, restricted pages, private images ----------


def _plant_library(world, garden, home_page):
    people = world.people
    make_library(home_page)
    practice = make_practice("World Cafe", slug="world-cafe")
    submitter = {"member", *STAFF}
    member = world.client("member")

    def share(title_name, text_name, **extra):
        response = member.post(
            reverse("practices:submit_story"),
            {
                "title": garden.sow(title_name, submitter),
                "summary": "A story of kitchen tables.",
                "situation": garden.sow(text_name, submitter),
                "what_we_did": "We met.",
                "practices": [practice.pk],
                "what_happened": "We listened.",
                "what_we_learned": "Start with tea.",
                "consent": "on",
                **extra,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        story = StoryPage.objects.order_by("-pk").first()
        story.slug = title_name
        story.save()
        return story

    in_review = share(
        "story-in-review-title",
        "story-in-review-text",
        image=SimpleUploadedFile("photo.png", _png(), content_type="image/png"),
        image_description=garden.sow("story-image-description", submitter),
    )
    image = in_review.image
    # The stored file's own name: a link to it (or to a rendition) must not reach others.
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    garden.watch("member-upload-file-name", stem, submitter)

    sent_back = share("story-sent-back-title", "story-sent-back-text")
    task_state = TaskState.objects.for_instance(sent_back).get(status=TaskState.STATUS_IN_PROGRESS)
    editor = world.client("editor")
    response = editor.post(
        reverse("wagtailadmin_pages:workflow_action", args=(sent_back.pk, "reject", task_state.pk)),
        {"comment": garden.sow("editor-comment", submitter)},
    )
    assert response.status_code in (200, 302), response.status_code

    draft = make_practice(
        garden.sow("draft-practice-title", STAFF), slug="a-draft-practice", live=False
    )
    restricted = make_practice(
        garden.sow("restricted-practice-title", STAFF), slug="a-restricted-practice", private=True
    )
    for page in (in_review, sent_back, draft, restricted):
        garden.object_urls.append(f"/practices/{page.slug}/")
        garden.object_urls.append(reverse("wagtailadmin_pages:edit", args=(page.pk,)))

    PracticeUse.objects.create(
        member=people["member"],
        practice=practice,
        note=garden.sow("practice-use-note", {"member"}),
    )
    assert get_image_model().objects.filter(pk=image.pk).exists()
    assert PracticePage.objects.filter(pk=draft.pk, live=False).exists()
    assert Page.objects.filter(pk=restricted.pk).exists()


def _png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, format="PNG")
    return out.getvalue()


# Calendar feeds ---------------------------------------------------------------------------------


def _plant_feeds(world, garden):
    for persona, person in world.people.items():
        if person is None:
            continue
        token = new_feed_token(person)
        garden.feeds[persona] = reverse("events:personal_feed", kwargs={"token": token})
