"""What the authorization matrix needs on top of the shared world: one concrete object behind
every route with an id, slug or token in it, each owned by a persona the matrix knows about.

`build_matrix_world()` returns the world plus a `things` dict (name -> object or secret) that
the table in routes.py reads to build concrete URLs.
"""

from io import BytesIO

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model

from convening.circles.models import CircleMembership, Commitment, ReflectionReply
from convening.circles.models.reflections import ReflectionVisibility
from convening.models import StandardPage
from convening.shared.storage import private_picture_name
from events.links import join_url_for, propose_url_for
from events.models import Invitation, Series, hash_token
from events.rsvp import rsvp
from events.views.calendar import new_feed_token
from members.models import ContactMessage
from members.notifications import unsubscribe_url
from practices.submissions import member_uploads_collection
from tests.convening.circles.factories import make_reflection, make_session
from tests.events.factories import make_gathering
from tests.factories import make_member
from tests.practices.factories import make_collection, make_practice, make_story

from .world import build_world

INVITATION_TOKEN = "matrix-invitation-token-" + "x" * 24


def _member_picture(story, uploader) -> str:
    """Give `story` a picture sent by `uploader`, as a shared story gets one; its address."""
    data = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(data, "WEBP")
    image = get_image_model().objects.create(
        title=f"Picture of {story.title}",
        file=ContentFile(data.getvalue(), name=private_picture_name("webp")),
        collection=member_uploads_collection(),
        uploaded_by_user=uploader,
    )
    story.image = image
    story.save(update_fields=["image"])
    return image.file.url


def build_matrix_world():
    world = build_world()
    people = world.people
    things = {}
    member, circle_member = people["member"], people["circle_member"]

    # The library: a practice, a published story, a collection, and a member's story that is
    # still in review (a draft no one may see on the site).
    practice = make_practice("Matrix mapping")
    things["practice"] = practice
    things["story"] = make_story("A matrix story", practices=[practice])
    things["collection"] = make_collection("A matrix collection", practices=[practice])
    things["draft_story"] = make_story("A story still in review", practices=[practice], live=False)
    # Pictures members sent with stories: one with the story in review (the "member" persona's),
    # one with a published story no other row opens (opening it would make sizes on a GET).
    things["draft_story_picture"] = _member_picture(things["draft_story"], member)
    things["published_story_picture"] = _member_picture(
        make_story("A pictured story", practices=[practice]), member
    )
    home = world.open_gathering.get_site().root_page.specific
    things["standard_page"] = home.add_child(
        instance=StandardPage(title="About the matrix", slug="about-the-matrix")
    )
    things["standard_page"].save_revision().publish()
    things["members_gathering"] = make_gathering(
        "A members' gathering", hosts=[people["host"]], visibility="members"
    )
    things["draft_gathering"] = make_gathering(
        "A gathering not yet published", hosts=[people["host"]], live=False
    )
    # A date of a series the host started: what a host who hosts nothing may not change (#16).
    things["series"] = Series.objects.create(name="Matrix Tuesdays", created_by=people["host"])
    things["series_gathering"] = make_gathering(
        "A gathering in a series", hosts=[people["host"]], series=things["series"]
    )

    # Circle A: a session, reflections of each visibility by its member, a reply, a
    # commitment, and a request to join waiting for the facilitator.
    circle_a = world.circle_a
    things["session"] = make_session(circle_a)
    for visibility in ReflectionVisibility:
        things[f"reflection_{visibility.value}"] = make_reflection(
            circle_member,
            title=f"A {visibility.label} reflection",
            visibility=visibility.value,
            circle=circle_a if visibility != ReflectionVisibility.PRIVATE else None,
        )
    ReflectionReply.objects.create(
        reflection=things["reflection_circle"], author=people["facilitator_a"], text="Thank you."
    )
    things["commitment"] = Commitment.objects.create(
        member=circle_member,
        text="Ask the ward to co-host.",
        reflection=things["reflection_private"],
    )
    applicant = make_member(name="Abe Applicant")
    things["join_request"] = CircleMembership.objects.create(
        circle=circle_a, member=applicant, status=CircleMembership.Status.REQUESTED
    )
    things["membership_a"] = CircleMembership.objects.get(circle=circle_a, member=circle_member)

    # Gatherings: the circle member is going to the open gathering (a personal join link);
    # the member is invited to the invitation-only one (a secret link and a proposal page).
    going = rsvp(world.open_gathering, circle_member, going=True)
    things["join_link"] = join_url_for(going)
    invitation = Invitation.objects.create(
        event=world.invitation_only,
        email=member.email,
        member=member,
        message="Please come.",
        invited_by=people["host"],
        status=Invitation.Status.OPENED,
        token_hash=hash_token(INVITATION_TOKEN),
        times_sent=1,
        sent_at=timezone.now(),
        opened_at=timezone.now(),
    )
    things["invitation"] = invitation
    things["invitation_token"] = INVITATION_TOKEN
    things["propose_url"] = propose_url_for(invitation)

    # Members: a message from the member to the circle member, secrets for the member.
    things["message"] = ContactMessage.objects.create(
        sender=member, recipient=circle_member, body="Hello from the matrix."
    )
    things["feed_token"] = new_feed_token(member)
    things["unsubscribe_url"] = unsubscribe_url(member).removeprefix(settings.SITE_URL)
    things["profile_slug"] = circle_member.profile.slug
    picture = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(picture, "WEBP")
    circle_member.profile.avatar.save("matrix.webp", ContentFile(picture.getvalue()), save=True)
    assert Group.objects.filter(name="Editors").exists()
    return world, things
