"""The people of the trust tests (#8) and the few things they are about.

`build_world()` makes one of each persona of the issue, two circles and two gatherings. Each
trust test adds what it needs on top (canaries, invitations, uploads) in its own module.
Every persona signs in with PASSWORD, so a test may use real logins as well as force_login.
Staff and hosts sign in through the forms, password then the code from their authenticator
app, as people do: the admin and every staff power wait for that second factor (#16).
"""

from dataclasses import dataclass, field

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.test import Client

from events.models import EventPage
from events.visibility import GatheringVisibility
from tests.conftest import sign_in
from tests.convening.circles.factories import make_circle, make_facilitator
from tests.events.factories import make_gathering, make_host
from tests.factories import code_from_app, make_member, make_staff

PASSWORD = "a-long-test-password"  # the factories' password

PERSONAS = (
    "anonymous",
    "unverified",
    "member",
    "circle_member",
    "facilitator_a",
    "facilitator_b",
    "host",
    "host_of_nothing",
    "editor",
    "superuser",
    "deactivated",
)


@dataclass
class World:
    people: dict = field(default_factory=dict)  # persona name -> user (None for anonymous)
    circle_a: object = None
    circle_b: object = None
    open_gathering: EventPage = None
    invitation_only: EventPage = None
    clients: dict = field(default_factory=dict)

    def fresh(self) -> "World":
        """This world as a test starts with it: every person, circle and gathering read again
        from the database, and new browsers, the deactivated member's holding only its session
        cookie. So what one test changed in memory (an attribute, a signed-in browser) never
        reaches the next, as its changes in the database do not (they are rolled back)."""
        again = World(
            people={
                persona: None if person is None else type(person).objects.get(pk=person.pk)
                for persona, person in self.people.items()
            },
            circle_a=type(self.circle_a).objects.get(pk=self.circle_a.pk),
            circle_b=type(self.circle_b).objects.get(pk=self.circle_b.pk),
            open_gathering=EventPage.objects.get(pk=self.open_gathering.pk),
            invitation_only=EventPage.objects.get(pk=self.invitation_only.pk),
        )
        cookie = self.clients["deactivated"].cookies[settings.SESSION_COOKIE_NAME].value
        again.clients["deactivated"] = Client()
        again.clients["deactivated"].cookies[settings.SESSION_COOKIE_NAME] = cookie
        return again

    def client(self, persona) -> Client:
        """A browser session of `persona`, made once per world. The deactivated persona's
        session was opened before its account was switched off, as the issue asks."""
        if persona not in self.clients:
            session = Client()
            person = self.people.get(persona)
            if person is not None and persona != "deactivated":
                if is_mfa_enabled(person):
                    sign_in_through_the_forms(session, person)
                else:
                    sign_in(session, person)
            self.clients[persona] = session
        return self.clients[persona]


def sign_in_through_the_forms(session, person):
    """The password, then the authenticator's code, on allauth's own pages."""
    step = session.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert step.status_code == 302, step.status_code
    assert step["Location"].startswith("/accounts/2fa/authenticate/"), step["Location"]
    done = session.post("/accounts/2fa/authenticate/", {"code": code_from_app(person)})
    assert done.status_code == 302, done.status_code
    assert "_auth_user_id" in session.session


def build_world() -> World:
    world = World()
    people = world.people
    people["anonymous"] = None
    people["unverified"] = make_member(name="Una Unverified", verified=False)
    people["member"] = make_member(name="Mo Member")
    people["circle_member"] = make_member(name="Cara Circle")
    people["facilitator_a"] = make_facilitator(name="Fay Facilitator")
    people["facilitator_b"] = make_facilitator(name="Fred Facilitator")
    people["host"] = make_host(name="Harriet Host")
    # In the Hosts group, enrolled in two-factor like a real one, and hosting nothing (#16).
    people["host_of_nothing"] = make_staff(group="Hosts", name="Hugo Nothing")
    people["editor"] = make_staff(group="Editors", name="Edie Editor")
    people["superuser"] = make_staff(superuser=True, name="Sol Super")
    people["deactivated"] = make_member(name="Dee Deactivated")
    # The deactivated member signs in first, then the account is switched off: the cookie stays.
    deactivated_session = Client()
    sign_in(deactivated_session, people["deactivated"])
    world.clients["deactivated"] = deactivated_session
    people["deactivated"].is_active = False
    people["deactivated"].save(update_fields=["is_active"])

    world.circle_a = make_circle(
        "Circle A", facilitator=people["facilitator_a"], members=[people["circle_member"]]
    )
    world.circle_b = make_circle("Circle B", facilitator=people["facilitator_b"])
    world.open_gathering = make_gathering("An open gathering", hosts=[people["host"]])
    world.invitation_only = make_gathering(
        "An invitation-only gathering",
        hosts=[people["host"]],
        visibility=GatheringVisibility.INVITED,
    )
    return world
