"""What the header and fault drills of #8 set up inside their own Django processes (never
imported by pytest itself): each function runs in a fresh process with production settings on
the drill's own database, through `tests/trust/gunicorn_processes.py: django_call`, and returns
something JSON can carry."""

import secrets
import time

from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from events.models import CalendarFeed, hash_token
from events.visibility import GatheringVisibility
from members.models import Notification
from tests.conftest import sign_in
from tests.convening.circles.factories import make_circle, make_facilitator
from tests.events.factories import make_gathering
from tests.factories import UserFactory, make_member
from tests.practices.factories import make_practice


def _fresh_addresses():
    # Each process starts the factory's numbering again: begin where no earlier run has been.
    UserFactory.reset_sequence(time.time_ns() // 1000)


def _session_of(user) -> str:
    """A signed-in session for `user`, stored where the web processes read sessions."""
    browser = Client()
    sign_in(browser, user)
    return browser.cookies["sessionid"].value


def header_scenario(token: str) -> dict:
    """One of each kind of page the header test asks for, and a member's signed-in session."""
    cache.clear()
    _fresh_addresses()
    member = make_member(name=f"Hedda Headers {token}")
    facilitator = make_facilitator(name=f"Fenn Facilitator {token}")
    circle = make_circle(f"Header circle {token}", facilitator=facilitator, members=[member])
    practice = make_practice(f"Header practice {token}")
    secret_practice = make_practice(f"Members-only practice {token}")
    PageViewRestriction.objects.create(
        page=secret_practice, restriction_type=PageViewRestriction.LOGIN
    )
    password_practice = make_practice(f"Password practice {token}")
    password = PageViewRestriction.objects.create(
        page=password_practice,
        restriction_type=PageViewRestriction.PASSWORD,
        password=f"shared {token}",
    )
    public = make_gathering(f"Header gathering {token}")
    members_only = make_gathering(
        f"Members-only gathering {token}", visibility=GatheringVisibility.MEMBERS
    )
    feed_token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(member=member, token_hash=hash_token(feed_token))
    return {
        "session": _session_of(member),
        "practice": practice.url,
        "members_only_practice": secret_practice.url,
        "password_practice": password_practice.url,
        "password_form": (
            f"/_util/authenticate_with_password/{password.pk}/{password_practice.pk}/"
        ),
        "password": f"shared {token}",
        "gathering": public.url,
        "gathering_ics": f"/gatherings/{public.pk}/calendar.ics",
        "members_only_gathering": members_only.url,
        "circle": f"/circles/{circle.slug}/",
        "feed": f"/gatherings/calendar/{feed_token}.ics",
        "profile": f"/members/{member.profile.slug}/",
    }


def fault_scenario(token: str, password: str) -> dict:
    """A member who can sign in with `password` (and has a signed-in session), and a public
    gathering with places."""
    cache.clear()
    _fresh_addresses()
    member = make_member(name=f"Faye Faults {token}")
    member.set_password(password)
    member.save()
    make_practice(f"Fault drill practice {token}")  # and the library with it
    gathering = make_gathering(f"Fault drill evening {token}", capacity=10)
    return {
        "session": _session_of(member),
        "member_id": member.pk,
        "email": member.email,
        "gathering": gathering.url,
        "gathering_id": gathering.pk,
    }


def notifications_of(member_id: int) -> list[dict]:
    """The member's emails as the site recorded them: sent, failed (and why), or waiting."""
    return [
        {
            "kind": n.kind,
            "sent": n.sent_at is not None,
            "failed": n.failed_at is not None,
            "error": n.error,
        }
        for n in Notification.objects.filter(user_id=member_id)
    ]
