"""THE authorization table of #8, section 1: every route and page type x persona x GET/POST.

Each `Row` names a route (its resolver name, as `meta_unclassified()` in the test finds it), how
to build one concrete address from the matrix world (tests/trust/matrix_world.py), and what
each persona must get for GET and for POST (an empty form: we test who may knock, not what
they bring). The answers are built from a few rules, so a row reads as a sentence:

    Row("circles:reflection", "reflection_circle",
        get=verified(OK, only=CIRCLE_A, others=NOT_FOUND), post=NOT_ALLOWED_FOR_ALL)

The words:
  OK          200.
  LOGIN       302 to the sign-in page with `next` set: anonymous and the deactivated session.
  VERIFY      allauth's "verify your address first" page (200, nothing else shown).
  NOT_FOUND   404: the persona may not know the thing exists.
  FORBIDDEN   403: the persona knows it exists but may not use this function.
  NOT_ALLOWED 405: the method is not one the route answers.
  REDIRECT    302 somewhere other than the sign-in page (a POST done, or sent on its way).
  INVALID     400 or a 200 form with errors: an empty POST that was read and refused.
  ADMIN_LOGIN 302 to the sign-in page from the Wagtail admin (its own `next`).
  ADMIN_DENIED 302 back to the admin's home or the site: signed in, but not allowed there.

Whatever is not in this table must be in EXEMPT (with its reason), or the meta-test fails.
"""

from dataclasses import dataclass, field

from .world import PERSONAS

OK = "200"
LOGIN = "login"
VERIFY = "verify"
NOT_FOUND = "404"
FORBIDDEN = "403"
NOT_ALLOWED = "405"
REDIRECT = "redirect"
INVALID = "invalid"
ADMIN_LOGIN = "admin-login"
ADMIN_DENIED = "admin-denied"

SIGNED_OUT = ("anonymous", "deactivated")
VERIFIED = tuple(p for p in PERSONAS if p not in (*SIGNED_OUT, "unverified"))
CIRCLE_A = ("circle_member", "facilitator_a")
STAFF = ("editor", "superuser")
# Staff have no exception to an invitation-only gathering: its hosts and invitees only.
INVITED = ("member", "host")
CIRCLE_STARTERS = ("facilitator_a", "facilitator_b", "superuser")


def everyone(answer) -> dict:
    return dict.fromkeys(PERSONAS, answer)


def signed_in(answer, *, only=None, others=None, **each) -> dict:
    """Anyone signed in (verified or not) gets `answer`; the signed-out are asked to sign in.
    `only` narrows `answer` to those personas, the rest get `others`; `each` sets one persona."""
    answers = dict.fromkeys(SIGNED_OUT, LOGIN)
    for persona in PERSONAS:
        if persona in SIGNED_OUT:
            continue
        answers[persona] = answer if only is None or persona in only else others
    answers.update(each)
    return answers


def verified(answer, *, only=None, others=None, **each) -> dict:
    """Verified members get `answer` (narrowed by `only`, as in `signed_in`); an unverified
    account is asked to verify its address; the signed-out are asked to sign in."""
    answers = signed_in(answer, only=only, others=others)
    answers["unverified"] = VERIFY
    answers.update(each)
    return answers


def verified_post(answer, *, only=None, others=None, **each) -> dict:
    """A POST-only route behind `verified_member_required`: GET is 405 for everyone (the
    method check comes first), POST as `verified`."""
    return verified(answer, only=only, others=others, **each)


NOT_ALLOWED_FOR_ALL = everyone(NOT_ALLOWED)

# The admin: the signed-out go to its sign-in; signed-in people without admin access are sent
# away; hosts, editors and superusers get in. Superuser-only parts refuse editors and hosts.
# Wagtail sends a signed-in person without admin access to its sign-in page, like a visitor.
# Staff personas signed in with their authenticator's code, as people do (world.py); a session
# without it is sent to that step before any admin view (tests/members/test_two_factor.py).
# Admin listings answer POST with 405. The editors' parts (members, reports, the library)
# refuse hosts.
# Two hosts: one hosts the world's gatherings, the other ("host_of_nothing") none.
HOSTS = ("host", "host_of_nothing")
ADMIN = everyone(ADMIN_LOGIN) | dict.fromkeys(HOSTS, OK) | {"editor": OK, "superuser": OK}
ADMIN_POST = ADMIN | dict.fromkeys((*HOSTS, "editor", "superuser"), NOT_ALLOWED)
EDITOR_ADMIN = ADMIN | dict.fromkeys(HOSTS, ADMIN_DENIED)
EDITOR_ADMIN_POST = ADMIN_POST | dict.fromkeys(HOSTS, ADMIN_DENIED)
SUPERUSER_ADMIN = EDITOR_ADMIN | {"editor": ADMIN_DENIED}
# next dates exist only in a series
NO_SERIES = dict.fromkeys((*HOSTS, "editor", "superuser"), NOT_FOUND)
SUPERUSER_ADMIN_POST = SUPERUSER_ADMIN | {"superuser": NOT_ALLOWED}
# Enrolment starts from an emailed link (members/two_factor.py); those with an app already
# are sent to enter its code instead.
ENROLLED = dict.fromkeys((*HOSTS, "editor", "superuser"), REDIRECT)
# One invitation-only gathering in the admin: staff who do not host it meet 404 (#16, item 2).
NOT_ITS_HOST = {"editor": NOT_FOUND, "host_of_nothing": NOT_FOUND}
# A gathering every member may see, in the admin: a host who does not host it may not work on
# it, its history and drafts included (#16, item 1).
NOT_HOSTED = {"host_of_nothing": ADMIN_DENIED}


@dataclass(frozen=True)
class Row:
    """One route (or page type) at one concrete address. `url` is a key of the matrix world's
    `things` holding a path, or a callable(world, things) -> path, or a plain path."""

    route: str
    url: object
    get: dict
    post: dict
    label: str = ""
    page_type: str = ""  # for rows served from the page tree: the Page subclass they prove
    notes: str = field(default="", compare=False)
    # What a POST sends besides the one field: a callable(world, things) -> dict, for forms that
    # Wagtail reads before it validates (an empty one would only show Wagtail's own KeyError).
    post_data: object = field(default=None, compare=False)

    def body(self, world, things) -> dict:
        return {"matrix": "1", **(self.post_data(world, things) if self.post_data else {})}

    def path(self, world, things) -> str:
        if callable(self.url):
            return self.url(world, things)
        if self.url in things:
            return things[self.url]
        return self.url

    @property
    def title(self) -> str:
        return f"{self.route}{' (' + self.label + ')' if self.label else ''}"


def _page(key):
    return lambda world, things: things[key].url


def _pk(route_path, key, attr="pk"):
    def build(world, things):
        obj = getattr(world, key, None) or things[key]
        return route_path.format(getattr(obj, attr))

    return build


def _slug(route_path, circle="circle_a"):
    return lambda world, things: route_path.format(getattr(world, circle).slug)


def _practice(route_path):
    return lambda world, things: route_path.format(things["practice"].slug)


def _profile(route_path):
    return lambda world, things: route_path.format(things["profile_slug"])


def _gathering(route_path, key="open_gathering"):
    def build(world, things):
        event = getattr(world, key, None) or things[key]
        return route_path.format(event.pk)

    return build


def _page_of(key):
    def build(world, things):
        return (getattr(world, key, None) or things[key]).url

    return build


def _session(route_path):
    def build(world, things):
        return route_path.format(world.circle_a.slug, things["session"].number)

    return build


ROWS = [
    # ----- Members: the directory and profiles.
    Row("members:directory", "/members/", get=verified(OK), post=verified(OK)),
    Row(
        "members:unsubscribe",
        "unsubscribe_url",
        get=everyone(OK),
        post=everyone(OK),
        notes="the link works without signing in: old emails must still unsubscribe",
    ),
    Row(
        "members:profile",
        _profile("/members/{}/"),
        label="members-only profile",
        get=verified(OK, unverified=NOT_FOUND, anonymous=NOT_FOUND, deactivated=NOT_FOUND),
        post=verified(OK, unverified=NOT_FOUND, anonymous=NOT_FOUND, deactivated=NOT_FOUND),
    ),
    Row(
        "members:avatar",
        _profile("/members/{}/picture/"),
        label="a members-only profile's picture",
        get=verified(OK, unverified=NOT_FOUND, anonymous=NOT_FOUND, deactivated=NOT_FOUND),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "members:contact",
        _profile("/members/{}/contact/"),
        get=verified(OK),
        post=verified(INVALID),
    ),
    Row(
        "members:block",
        _profile("/members/{}/block/"),
        # The profile is the circle member's own: they are sent back to it, not asked.
        get=verified(OK, circle_member=REDIRECT),
        post=verified(REDIRECT),
    ),
    Row("members:blocked", "/me/blocked/", get=verified(OK), post=NOT_ALLOWED_FOR_ALL),
    Row(
        "members:unblock",
        _profile("/members/{}/unblock/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(REDIRECT),
    ),
    Row(
        "members:report", _profile("/members/{}/report/"), get=verified(OK), post=verified(INVALID)
    ),
    # ----- Members: the member's own space.
    Row("members:dashboard", "/me/", get=verified(OK), post=verified(OK)),
    Row(
        "members:welcome",
        "/me/welcome/",
        get=verified(REDIRECT),
        post=verified(REDIRECT),
        notes="every persona has finished onboarding, so the welcome sends them to /me/",
    ),
    Row("members:edit_profile", "/me/profile/", get=verified(OK), post=verified(INVALID)),
    Row("members:preview_profile", "/me/profile/preview/", get=verified(OK), post=verified(OK)),
    Row("members:messages", "/me/messages/", get=verified(OK), post=verified(OK)),
    Row(
        "members:reply",
        _pk("/me/messages/{}/reply/", "message"),
        get=verified(OK, only=("circle_member",), others=NOT_FOUND),
        post=verified(INVALID, only=("circle_member",), others=NOT_FOUND),
    ),
    Row("members:email_preferences", "/me/email/", get=signed_in(OK), post=signed_in(INVALID)),
    Row("members:data_rights", "/me/data/", get=signed_in(OK), post=signed_in(OK)),
    Row(
        "members:download_data",
        "/me/data/download/",
        get=signed_in(OK),
        post=signed_in(NOT_ALLOWED),
    ),
    Row("members:delete_account", "/me/delete/", get=signed_in(OK), post=signed_in(INVALID)),
    # ----- Circles: sealed, so whoever is not in circle A gets a 404 for what is inside it.
    Row("circles:circles", "/circles/", get=verified(OK), post=verified(OK)),
    Row(
        "circles:start_circle",
        "/circles/new/",
        get=verified(OK, only=CIRCLE_STARTERS, others=NOT_FOUND),
        post=verified(INVALID, only=CIRCLE_STARTERS, others=NOT_FOUND),
    ),
    Row(
        "circles:circle",
        _slug("/circles/{}/"),
        label="a listed circle",
        get=verified(OK),
        post=verified(OK),
    ),
    Row(
        "circles:join",
        _slug("/circles/{}/join/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(INVALID),
    ),
    Row(
        "circles:agree",
        _slug("/circles/{}/agree/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(REDIRECT),
    ),
    Row(
        "circles:leave",
        _slug("/circles/{}/leave/"),
        get=verified(REDIRECT, circle_member=OK, facilitator_a=OK),
        post=verified(REDIRECT),
    ),
    Row(
        "circles:answer_invitation",
        _slug("/circles/{}/invitation/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(INVALID),
    ),
    Row(
        "circles:facilitate",
        _slug("/circles/{}/facilitate/"),
        get=verified(OK, only=("facilitator_a",), others=NOT_FOUND),
        post=verified(OK, only=("facilitator_a",), others=NOT_FOUND),
    ),
    Row(
        "circles:edit_circle",
        _slug("/circles/{}/edit/"),
        get=verified(OK, only=("facilitator_a",), others=NOT_FOUND),
        post=verified(INVALID, only=("facilitator_a",), others=NOT_FOUND),
    ),
    Row(
        "circles:decide_request",
        lambda world, things: (
            f"/circles/{world.circle_a.slug}/requests/{things['join_request'].pk}/approve/"
        ),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(REDIRECT, only=("facilitator_a",), others=NOT_FOUND),
    ),
    Row(
        "circles:invite",
        _slug("/circles/{}/invite/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(INVALID, only=("facilitator_a",), others=NOT_FOUND),
    ),
    Row(
        "circles:remove",
        lambda world, things: (
            f"/circles/{world.circle_a.slug}/members/{things['membership_a'].pk}/remove/"
        ),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(REDIRECT, only=("facilitator_a",), others=NOT_FOUND),
    ),
    Row(
        "circles:make_facilitator",
        lambda world, things: (
            f"/circles/{world.circle_a.slug}/members/{things['membership_a'].pk}/facilitator/"
        ),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(REDIRECT, only=("facilitator_a",), others=NOT_FOUND),
    ),
    Row(
        "circles:change_status",
        _slug("/circles/{}/status/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(REDIRECT, only=("facilitator_a",), others=NOT_FOUND),
    ),
    Row(
        "circles:schedule_sessions",
        _slug("/circles/{}/sessions/new/"),
        get=signed_in(NOT_FOUND, facilitator_a=OK, circle_member=FORBIDDEN),
        post=signed_in(NOT_FOUND, facilitator_a=INVALID, circle_member=FORBIDDEN),
    ),
    Row(
        "circles:session",
        _session("/circles/{}/sessions/{}/"),
        get=signed_in(OK, only=CIRCLE_A, others=NOT_FOUND),
        post=signed_in(NOT_ALLOWED),
    ),
    Row(
        "circles:edit_session",
        _session("/circles/{}/sessions/{}/edit/"),
        get=signed_in(NOT_FOUND, facilitator_a=OK, circle_member=FORBIDDEN),
        post=signed_in(NOT_FOUND, facilitator_a=REDIRECT, circle_member=FORBIDDEN),
    ),
    Row(
        "circles:join_session",
        _session("/circles/{}/sessions/{}/join/"),
        get=signed_in(REDIRECT, only=CIRCLE_A, others=NOT_FOUND),
        post=signed_in(NOT_ALLOWED),
    ),
    # Reflections: the author; the circle while the author is in it; all members when shared.
    Row(
        "circles:reflection",
        _pk("/circles/reflections/{}/", "reflection_private"),
        label="private",
        get=verified(OK, only=("circle_member",), others=NOT_FOUND),
        post=verified(OK, only=("circle_member",), others=NOT_FOUND),
    ),
    Row(
        "circles:reflection",
        _pk("/circles/reflections/{}/", "reflection_circle"),
        label="shared with the circle",
        get=verified(OK, only=CIRCLE_A, others=NOT_FOUND),
        post=verified(OK, only=CIRCLE_A, others=NOT_FOUND),
    ),
    Row(
        "circles:reflection",
        _pk("/circles/reflections/{}/", "reflection_members"),
        label="shared with all members",
        get=verified(OK),
        post=verified(OK),
    ),
    Row(
        "circles:edit_reflection",
        _pk("/circles/reflections/{}/edit/", "reflection_circle"),
        get=verified(OK, only=("circle_member",), others=NOT_FOUND),
        post=verified(INVALID, only=("circle_member",), others=NOT_FOUND),
    ),
    Row(
        "circles:delete_reflection",
        _pk("/circles/reflections/{}/delete/", "reflection_circle"),
        get=verified(OK, only=("circle_member",), others=NOT_FOUND),
        post=verified(REDIRECT, only=("circle_member",), others=NOT_FOUND),
    ),
    Row(
        "circles:reply",
        _pk("/circles/reflections/{}/reply/", "reflection_circle"),
        get=verified(REDIRECT, only=CIRCLE_A, others=NOT_FOUND),
        post=verified(REDIRECT, only=CIRCLE_A, others=NOT_FOUND),
        notes="an empty reply is refused with a message on the reflection's page",
    ),
    Row("circles:my_reflections", "/me/reflections/", get=verified(OK), post=verified(OK)),
    Row(
        "circles:write_reflection",
        "/me/reflections/new/",
        get=verified(OK),
        post=verified(INVALID),
    ),
    Row(
        "circles:commitment_outcome",
        _pk("/me/commitments/{}/", "commitment"),
        get=verified(OK, only=("circle_member",), others=NOT_FOUND),
        post=verified(INVALID, only=("circle_member",), others=NOT_FOUND),
    ),
    Row("circles:portfolio", "/me/portfolio/", get=verified(OK), post=verified(OK)),
    Row(
        "circles:export_portfolio",
        "/me/portfolio/export/",
        get=verified(OK),
        post=verified(INVALID),
    ),
    # ----- Gatherings: replies, calendars, invitations, hosts.
    Row(
        "events:reply",
        _gathering("/gatherings/{}/reply/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(INVALID),
        notes="a reply the form cannot take shows the gathering page again, input kept (400)",
    ),
    Row(
        "events:reply",
        _gathering("/gatherings/{}/reply/", "invitation_only"),
        label="invitation only",
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(NOT_FOUND, member=INVALID, host=INVALID),
    ),
    Row(
        "events:regular",
        _gathering("/gatherings/{}/regular/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=verified_post(NOT_FOUND),
        notes="the open gathering is in no series",
    ),
    Row(
        "events:join",
        "join_link",
        label="the circle member's own join link",
        get=signed_in(FORBIDDEN, circle_member=REDIRECT),
        post=signed_in(FORBIDDEN, circle_member=REDIRECT),
    ),
    Row(
        "events:public_calendar",
        "/gatherings/calendar.ics",
        get=everyone(OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "events:gathering_ics",
        _gathering("/gatherings/{}/calendar.ics"),
        get=everyone(OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "events:gathering_ics",
        _gathering("/gatherings/{}/calendar.ics", "invitation_only"),
        label="invitation only",
        get=everyone(NOT_FOUND) | dict.fromkeys(INVITED, OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "events:personal_feed",
        lambda world, things: f"/gatherings/calendar/{things['feed_token']}.ics",
        label="the member's feed: the address is the secret",
        get=everyone(OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row("events:manage_feed", "/me/calendar/", get=verified(OK), post=verified(OK)),
    Row("events:access_needs", "/me/access-needs/", get=verified(OK), post=verified(REDIRECT)),
    Row(
        "events:invitation",
        lambda world, things: f"/gatherings/invitation/{things['invitation_token']}/",
        label="the member's invitation: the address is the secret",
        get=everyone(OK),
        post=everyone(REDIRECT),
        notes="an answer that is neither yes nor no is refused with a message",
    ),
    Row(
        "events:propose",
        "propose_url",
        get=signed_in(NOT_FOUND, member=OK),
        post=signed_in(NOT_FOUND, member=INVALID),
    ),
    Row(
        "events:host",
        _gathering("/gatherings/{}/host/"),
        get=signed_in(NOT_FOUND, host=OK),
        post=signed_in(NOT_FOUND, host=OK),
    ),
    Row(
        "events:attendees_csv",
        _gathering("/gatherings/{}/host/attendees.csv"),
        get=signed_in(NOT_FOUND, host=OK),
        post=signed_in(NOT_FOUND, host=OK),
    ),
    Row(
        "events:invite",
        _gathering("/gatherings/{}/host/invite/", "invitation_only"),
        get=NOT_ALLOWED_FOR_ALL,
        post=signed_in(NOT_FOUND, host=INVALID),
    ),
    Row(
        "events:resend",
        lambda world, things: (
            f"/gatherings/{world.invitation_only.pk}/host/invitations/"
            f"{things['invitation'].pk}/resend/"
        ),
        get=NOT_ALLOWED_FOR_ALL,
        post=signed_in(NOT_FOUND, host=REDIRECT),
    ),
    Row(
        "events:decide_proposal",
        lambda world, things: (
            f"/gatherings/{world.invitation_only.pk}/host/proposals/"
            f"{things['invitation'].pk}/approve/"
        ),
        get=NOT_ALLOWED_FOR_ALL,
        post=signed_in(NOT_FOUND, host=REDIRECT),
    ),
    Row(
        "events:ask_feedback",
        _gathering("/gatherings/{}/host/ask-for-feedback/"),
        get=NOT_ALLOWED_FOR_ALL,
        post=signed_in(FORBIDDEN, host=REDIRECT),
        notes="the gathering is open, so others may know it exists: 403, not 404",
    ),
    Row(
        "events:feedback",
        _gathering("/gatherings/{}/feedback/"),
        get=verified(NOT_FOUND),
        post=verified(NOT_FOUND),
    ),
    # ----- The practice library's member actions and tools.
    Row("practices:start", "/practices/start/", get=everyone(OK), post=everyone(OK)),
    Row("practices:glossary", "/practices/glossary/", get=everyone(OK), post=everyone(OK)),
    Row("practices:resources", "/practices/resources/", get=everyone(OK), post=everyone(OK)),
    Row("practices:feed", "/practices/feed/", get=everyone(OK), post=everyone(OK)),
    Row("practices:atom_feed", "/practices/feed/atom/", get=everyone(OK), post=everyone(OK)),
    Row(
        "practices:submit_story",
        "/practices/share-a-story/",
        get=verified(OK),
        post=verified(INVALID),
    ),
    Row(
        "practices:suggest_practice",
        "/practices/suggest-a-practice/",
        get=verified(OK),
        post=verified(INVALID),
    ),
    Row(
        "practices:picture",
        "draft_story_picture",
        label="the picture a member sent with a story in review",
        get=everyone(NOT_FOUND) | {"member": OK, "editor": OK, "superuser": OK},
        post=NOT_ALLOWED_FOR_ALL,
        notes="the member who sent it and the editors who review it; nobody else",
    ),
    Row(
        "practices:picture",
        "published_story_picture",
        label="the picture of a published story",
        get=everyone(OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "practices:save",
        _practice("/practices/{}/save/"),
        get=verified(NOT_ALLOWED),
        post=verified(REDIRECT),
    ),
    Row(
        "practices:unsave",
        _practice("/practices/{}/unsave/"),
        get=verified(NOT_ALLOWED),
        post=verified(REDIRECT),
    ),
    Row(
        "practices:record_use",
        _practice("/practices/{}/used/"),
        get=verified(OK),
        post=verified(REDIRECT),
    ),
    # ----- Site-wide.
    Row("sitemap", "/sitemap.xml", get=everyone(OK), post=everyone(OK)),
    Row("robots_txt", "/robots.txt", get=everyone(OK), post=NOT_ALLOWED_FOR_ALL),
    Row("healthz", "/healthz", get=everyone(OK), post=NOT_ALLOWED_FOR_ALL),
    # The UI components page is for building the site: there under DEBUG only (404 here).
    Row("styleguide", "/styleguide/", get=everyone(NOT_FOUND), post=NOT_ALLOWED_FOR_ALL),
    # ----- Accounts (allauth): signed-out forms send the signed-in on their way.
    Row(
        "account_login",
        "/accounts/login/",
        get=signed_in(REDIRECT, anonymous=OK, deactivated=OK),
        post=signed_in(REDIRECT, anonymous=INVALID, deactivated=INVALID),
    ),
    Row(
        "account_logout",
        "/accounts/logout/",
        get=signed_in(OK, anonymous=REDIRECT, deactivated=REDIRECT),
        post=everyone(REDIRECT),
    ),
    Row("account_inactive", "/accounts/inactive/", get=everyone(OK), post=NOT_ALLOWED_FOR_ALL),
    Row(
        "account_signup",
        "/accounts/signup/",
        get=signed_in(REDIRECT, anonymous=OK, deactivated=OK),
        post=signed_in(REDIRECT, anonymous=INVALID, deactivated=INVALID),
    ),
    Row(
        "account_reauthenticate",
        "/accounts/reauthenticate/",
        get=signed_in(OK),
        post=signed_in(INVALID),
    ),
    Row(
        "account_request_reauthentication_code",
        "/accounts/reauthenticate/code/",
        get=signed_in(OK, unverified=REDIRECT),
        post=signed_in(INVALID, unverified=REDIRECT),
    ),
    Row(
        "account_confirm_reauthentication_code",
        "/accounts/reauthenticate/code/confirm/",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
    ),
    Row("account_email", "/accounts/email/", get=signed_in(OK), post=signed_in(REDIRECT)),
    Row(
        "account_email_verification_sent",
        "/accounts/confirm-email/",
        get=everyone(OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "account_change_password",
        "/accounts/password/change/",
        get=signed_in(OK),
        post=signed_in(INVALID),
    ),
    Row(
        "account_set_password",
        "/accounts/password/set/",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
    ),
    Row(
        "account_reset_password",
        "/accounts/password/reset/",
        get=everyone(OK),
        post=everyone(INVALID),
    ),
    Row(
        "account_confirm_login_code",
        "/accounts/login/code/confirm/",
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
    ),
    Row(
        "account_confirm_email",
        "/accounts/confirm-email/not-a-real-key/",
        label="an unknown key",
        get=everyone(OK),
        post=everyone(NOT_FOUND),
    ),
    Row(
        "account_reset_password_from_key_done",
        "/accounts/password/reset/key/done/",
        get=everyone(OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "account_reset_password_from_key",
        "/accounts/password/reset/key/1-not-a-key/",
        label="an unknown key",
        get=everyone(OK),
        post=everyone(INVALID),
    ),
    Row(
        "account_reset_password_done",
        "/accounts/password/reset/done/",
        get=everyone(OK),
        post=NOT_ALLOWED_FOR_ALL,
    ),
    Row(
        "account_request_login_code",
        "/accounts/login/code/",
        get=signed_in(REDIRECT, anonymous=OK, deactivated=OK),
        post=signed_in(REDIRECT, anonymous=INVALID, deactivated=INVALID),
    ),
    Row("mfa_index", "/accounts/2fa/", get=signed_in(OK), post=signed_in(NOT_ALLOWED)),
    Row(
        "mfa_authenticate",
        "/accounts/2fa/authenticate/",
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
    ),
    # Two-factor: changing it needs a fresh sign-in (a session opened by force_login is not
    # fresh), so allauth asks to re-authenticate; parts for a device one has not got are 404.
    Row(
        "mfa_reauthenticate",
        "/accounts/2fa/reauthenticate/",
        get=signed_in(REDIRECT) | dict.fromkeys((*HOSTS, "editor", "superuser"), OK),
        post=signed_in(REDIRECT) | dict.fromkeys((*HOSTS, "editor", "superuser"), INVALID),
    ),
    Row(
        "mfa_activate_totp",
        "/accounts/2fa/totp/activate/",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
    ),
    Row(
        "members:two_factor",
        "/me/two-factor/",
        get=signed_in(OK) | ENROLLED,
        post=signed_in(OK) | ENROLLED,
        notes="POST emails the link that starts enrolment to the account's own address",
    ),
    Row(
        "members:two_factor_confirm",
        "/me/two-factor/not-a-signed-link/",
        get=signed_in(REDIRECT),
        post=NOT_ALLOWED_FOR_ALL,
        notes="a link that is not signed for this account opens nothing",
    ),
    Row(
        "mfa_deactivate_totp",
        "/accounts/2fa/totp/deactivate/",
        get=signed_in(NOT_FOUND) | ENROLLED,
        post=signed_in(NOT_FOUND) | ENROLLED,
    ),
    Row(
        "mfa_view_recovery_codes",
        "/accounts/2fa/recovery-codes/",
        get=signed_in(NOT_FOUND),
        post=signed_in(NOT_ALLOWED),
    ),
    Row(
        "mfa_generate_recovery_codes",
        "/accounts/2fa/recovery-codes/generate/",
        get=signed_in(REDIRECT),
        post=signed_in(REDIRECT),
    ),
    Row(
        "mfa_download_recovery_codes",
        "/accounts/2fa/recovery-codes/download/",
        get=signed_in(NOT_FOUND),
        post=signed_in(NOT_FOUND),
    ),
    # ----- The Wagtail admin: staff only; superuser-only parts refuse editors and hosts.
    Row(
        "admin_login",
        "/admin/login/",
        get=signed_in(FORBIDDEN, deactivated=REDIRECT, anonymous=REDIRECT),
        post=signed_in(FORBIDDEN, deactivated=REDIRECT, anonymous=REDIRECT),
        notes="sends visitors to the one sign-in form",
    ),
    Row("wagtailadmin_home", "/admin/", get=ADMIN, post=ADMIN_POST),
    Row("tag_autocomplete", "/admin/tag-autocomplete/?term=a", get=ADMIN, post=ADMIN_POST),
    Row(
        "tag_autocomplete_of_a_model",
        "/admin/tag-autocomplete/taggit/tag/?term=a",
        get=ADMIN | dict.fromkeys((*HOSTS, "editor", "superuser"), NOT_FOUND),
        post=ADMIN_POST,
    ),
    Row(
        "wagtailadmin_explore_root",
        "/admin/pages/",
        get=ADMIN | dict.fromkeys(HOSTS, REDIRECT),
        post=ADMIN_POST,
        notes="Wagtail opens a host's explorer at the section they may work in",
    ),
    Row(
        "wagtailusers_users:index", "/admin/users/", get=SUPERUSER_ADMIN, post=SUPERUSER_ADMIN_POST
    ),
    Row(
        "wagtailusers_groups:index",
        "/admin/groups/",
        get=SUPERUSER_ADMIN,
        post=SUPERUSER_ADMIN_POST,
    ),
    Row("wagtailsites:index", "/admin/sites/", get=SUPERUSER_ADMIN, post=SUPERUSER_ADMIN_POST),
    Row(
        "wagtailredirects:index",
        "/admin/redirects/",
        get=SUPERUSER_ADMIN,
        post=SUPERUSER_ADMIN_POST,
    ),
    Row(
        "wagtailadmin_workflows:index",
        "/admin/workflows/list/",
        get=SUPERUSER_ADMIN,
        post=SUPERUSER_ADMIN_POST,
    ),
    Row("members_admin:index", "/admin/members/", get=EDITOR_ADMIN, post=EDITOR_ADMIN_POST),
    Row(
        "members_admin:index_results",
        "/admin/members/results/",
        get=EDITOR_ADMIN,
        post=EDITOR_ADMIN_POST,
    ),
    Row(
        "members_admin:inspect",
        lambda world, things: f"/admin/members/inspect/{world.people['member'].profile.pk}/",
        get=EDITOR_ADMIN,
        post=EDITOR_ADMIN_POST,
    ),
    Row(
        "members_admin:deactivate",
        lambda world, things: f"/admin/members/deactivate/{world.people['member'].profile.pk}/",
        get=EDITOR_ADMIN,
        post=EDITOR_ADMIN | {"editor": REDIRECT, "superuser": REDIRECT},
    ),
    Row(
        "members_admin:reactivate",
        lambda world, things: (
            f"/admin/members/reactivate/{world.people['deactivated'].profile.pk}/"
        ),
        get=EDITOR_ADMIN,
        post=EDITOR_ADMIN | {"editor": REDIRECT, "superuser": REDIRECT},
    ),
    Row("member_reports:index", "/admin/member-reports/", get=EDITOR_ADMIN, post=EDITOR_ADMIN_POST),
    Row(
        "library_practices:index",
        "/admin/library/practices/",
        get=EDITOR_ADMIN,
        post=EDITOR_ADMIN_POST,
    ),
    Row(
        "library_stale_practices:index",
        "/admin/library/practices-to-review/",
        get=EDITOR_ADMIN,
        post=EDITOR_ADMIN_POST,
    ),
    Row(
        "library_waiting_for_review:index",
        "/admin/library/waiting-for-review/",
        get=EDITOR_ADMIN,
        post=EDITOR_ADMIN_POST,
    ),
    Row("gatherings:index", "/admin/gatherings/all/", get=ADMIN, post=ADMIN_POST),
    # What the admin shows of the page tree: never more than the site's rules plus the role
    # (#16, item 2). Lists answer everyone who gets in (tests/events/test_admin_visibility.py
    # and the canary crawl read what they name); a view of one invitation-only gathering is
    # for its hosts and superusers, and 404 for other staff, as on the site.
    Row(
        "wagtailadmin_explore",
        lambda world, things: f"/admin/pages/{world.open_gathering.get_parent().pk}/",
        label="the gatherings",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "wagtailadmin_explore",
        _pk("/admin/pages/{}/", "invitation_only"),
        label="an invitation-only gathering",
        get=ADMIN | NOT_ITS_HOST,
        post=ADMIN_POST | NOT_ITS_HOST,
    ),
    Row(
        "wagtailadmin_pages:search", "/admin/pages/search/?q=gathering", get=ADMIN, post=ADMIN_POST
    ),
    Row("choose_page_seen", "/admin/choose-page/", get=ADMIN, post=ADMIN_POST),
    Row(
        "choose_page_seen",
        "/admin/choose-page/?page_type=events.eventpage",
        label="gatherings",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "choose_page_seen_child",
        lambda world, things: f"/admin/choose-page/{world.open_gathering.get_parent().pk}/",
        label="the gatherings",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "choose_page_seen_child",
        _pk("/admin/choose-page/{}/", "invitation_only"),
        label="an invitation-only gathering",
        get=ADMIN | NOT_ITS_HOST,
        post=ADMIN_POST,
    ),
    Row(
        "wagtailadmin_choose_page_search",
        "/admin/choose-page/search/?q=gathering",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "wagtailadmin_api:pages:listing",
        "/admin/api/main/pages/?search=gathering",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "wagtailadmin_api:pages:detail",
        _pk("/admin/api/main/pages/{}/", "open_gathering"),
        label="an open gathering",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "wagtailadmin_api:pages:detail",
        _pk("/admin/api/main/pages/{}/", "invitation_only"),
        label="an invitation-only gathering",
        get=ADMIN | NOT_ITS_HOST,
        post=ADMIN_POST,
    ),
    # The editor and its live preview are left to tests/events/test_admin_visibility.py: a GET
    # of the editor records an editing session, and Wagtail answers a POST of a form without
    # its inline forms' management data with a 500.
    Row(
        "wagtailadmin_pages:history",
        _pk("/admin/pages/{}/history/", "invitation_only"),
        label="an invitation-only gathering",
        get=ADMIN | NOT_ITS_HOST,
        post=ADMIN_POST | NOT_ITS_HOST,
    ),
    Row(
        "wagtailadmin_pages:view_draft",
        _pk("/admin/pages/{}/view_draft/", "invitation_only"),
        label="an invitation-only gathering",
        get=ADMIN | NOT_ITS_HOST,
        post=ADMIN | NOT_ITS_HOST,
        notes="Wagtail shows a draft for a POST too",
    ),
    Row(
        "wagtailadmin_pages:history",
        _pk("/admin/pages/{}/history/", "open_gathering"),
        label="an open gathering",
        get=ADMIN | NOT_HOSTED,
        post=ADMIN_POST | NOT_HOSTED,
    ),
    Row(
        "wagtailadmin_pages:view_draft",
        _pk("/admin/pages/{}/view_draft/", "open_gathering"),
        label="an open gathering",
        get=ADMIN | NOT_HOSTED,
        post=ADMIN | NOT_HOSTED,
    ),
    Row("site_history_seen", "/admin/reports/site-history/", get=ADMIN, post=ADMIN_POST),
    Row(
        "site_history_seen",
        "/admin/reports/site-history/?export=csv",
        label="CSV",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "site_history_seen",
        "/admin/reports/site-history/?export=xlsx",
        label="XLSX",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "site_history_seen_results",
        "/admin/reports/site-history/results/",
        get=ADMIN,
        post=ADMIN_POST,
    ),
    Row(
        "events_add_next_dates",
        lambda world, things: f"/admin/gatherings/{world.open_gathering.pk}/next-dates/",
        get=ADMIN | dict.fromkeys((*HOSTS, "editor", "superuser"), NOT_FOUND),
        post=ADMIN_POST | NO_SERIES,
    ),
    # ----- #16, item 1: a host changes only the gatherings and series they host. The host who
    # hosts nothing is sent back to the dashboard (Wagtail's refusal) or refused (403).
    Row(
        "wagtailadmin_pages:edit",
        _gathering("/admin/pages/{}/edit/", "series_gathering"),
        get=ADMIN | {"host_of_nothing": ADMIN_DENIED},
        post=ADMIN
        | {
            "host_of_nothing": ADMIN_DENIED,
            "host": INVALID,
            "editor": INVALID,
            "superuser": INVALID,
        },
        post_data=lambda world, things: {"agenda-count": "0"},
    ),
    Row(
        "wagtailadmin_pages:unpublish",
        _gathering("/admin/pages/{}/unpublish/", "series_gathering"),
        get=ADMIN | {"host_of_nothing": ADMIN_DENIED},
        post=ADMIN
        | {
            "host_of_nothing": ADMIN_DENIED,
            "host": REDIRECT,
            "editor": REDIRECT,
            "superuser": REDIRECT,
        },
    ),
    Row(
        "wagtail_bulk_action",
        lambda world, things: (
            "/admin/bulk/wagtailcore/page/publish/?next=/admin/gatherings/all/"
            f"&id={things['series_gathering'].pk}"
        ),
        label="publish a gathering in bulk",
        get=ADMIN,
        post=ADMIN
        | {
            "host_of_nothing": REDIRECT,
            "host": REDIRECT,
            "editor": REDIRECT,
            "superuser": REDIRECT,
        },
        notes="the confirmation lists a gathering the host does not host apart and the action "
        "skips it (tests/events/test_admin_hosts.py)",
    ),
    Row(
        "wagtailadmin_pages:copy",
        _gathering("/admin/pages/{}/copy/", "series_gathering"),
        get=ADMIN | {"host_of_nothing": ADMIN_DENIED},
        post=ADMIN
        | {
            "host_of_nothing": ADMIN_DENIED,
            "host": INVALID,
            "editor": INVALID,
            "superuser": INVALID,
        },
        post_data=lambda world, things: {
            "new_parent_page": things["series_gathering"].get_parent().pk
        },
    ),
    Row(
        "wagtailadmin_pages:delete",
        _gathering("/admin/pages/{}/delete/", "series_gathering"),
        get=ADMIN | {"host_of_nothing": ADMIN_DENIED},
        post=ADMIN
        | {
            "host_of_nothing": ADMIN_DENIED,
            "host": REDIRECT,
            "editor": REDIRECT,
            "superuser": REDIRECT,
        },
    ),
    Row(
        "events_add_next_dates",
        _gathering("/admin/gatherings/{}/next-dates/", "series_gathering"),
        label="a date of a series",
        get=ADMIN | {"host_of_nothing": FORBIDDEN},
        post=ADMIN
        | {"host_of_nothing": FORBIDDEN, "host": INVALID, "editor": INVALID, "superuser": INVALID},
    ),
    Row(
        "wagtailsnippets_events_series:edit",
        _pk("/admin/snippets/events/series/edit/{}/", "series"),
        get=ADMIN | {"host_of_nothing": ADMIN_DENIED},
        post=ADMIN
        | {
            "host_of_nothing": ADMIN_DENIED,
            "host": INVALID,
            "editor": INVALID,
            "superuser": INVALID,
        },
    ),
    Row(
        "wagtailsnippets_events_series:delete",
        _pk("/admin/snippets/events/series/delete/{}/", "series"),
        get=ADMIN | {"host_of_nothing": ADMIN_DENIED},
        post=ADMIN
        | {
            "host_of_nothing": ADMIN_DENIED,
            "host": REDIRECT,
            "editor": REDIRECT,
            "superuser": REDIRECT,
        },
    ),
    Row(
        "wagtaildocs_serve",
        "/documents/999999/nothing.pdf",
        label="no such document",
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
    Row(
        "wagtaildocs_authenticate_with_password",
        "/documents/authenticate_with_password/999999/",
        label="no such restriction",
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
    Row(
        "wagtailcore_authenticate_with_password",
        "/_util/authenticate_with_password/999999/3/",
        label="no such restriction",
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
    Row("wagtailcore_login", "/_util/login/", get=everyone(OK), post=everyone(INVALID)),
    # ----- Pages, served from the page tree.
    Row(
        "wagtail_serve",
        "/",
        label="home",
        page_type="convening.HomePage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        _page("standard_page"),
        label="standard page",
        page_type="convening.StandardPage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        "/practices/",
        label="the library",
        page_type="practices.PracticeIndexPage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        _page("practice"),
        label="a practice",
        page_type="practices.PracticePage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        _page("story"),
        label="a published story",
        page_type="practices.StoryPage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        lambda world, things: "/practices/a-story-still-in-review/",
        label="a story in review",
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
    Row(
        "wagtail_serve",
        _page("collection"),
        label="a collection",
        page_type="practices.CollectionPage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        "/gatherings/",
        label="the gatherings",
        page_type="events.EventIndexPage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        _page_of("open_gathering"),
        label="an open gathering",
        page_type="events.EventPage",
        get=everyone(OK),
        post=everyone(OK),
    ),
    Row(
        "wagtail_serve",
        _page_of("members_gathering"),
        label="a members' gathering",
        get=verified(OK, unverified=NOT_FOUND),
        post=verified(OK, unverified=NOT_FOUND),
    ),
    Row(
        "wagtail_serve",
        _page_of("invitation_only"),
        label="an invitation-only gathering",
        get=everyone(NOT_FOUND) | dict.fromkeys(INVITED, OK),
        post=everyone(NOT_FOUND) | dict.fromkeys(INVITED, OK),
    ),
    Row(
        "wagtail_serve",
        "/gatherings/a-gathering-not-yet-published/",
        label="a gathering not yet published",
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
    Row(
        "wagtail_serve",
        "/no-such-page/",
        label="no such page",
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
]

# Routes that are not in the table, each with why. Keyed by resolver name.
EXEMPT = {
    "admin/test404/": "Wagtail's admin 404 test page, behind require_admin_access",
    "admin/^.*/$": "Wagtail's admin catch-all 404, behind require_admin_access",
    **dict.fromkeys(
        (
            "member_reports:index_results",
            "member_reports:edit",
            "member_reports:history",
            "member_reports:history_results",
            "library_practices:index_results",
            "library_practices:choose_parent",
            "library_stale_practices:index_results",
            "library_stale_practices:choose_parent",
            "library_waiting_for_review:index_results",
            "library_waiting_for_review:choose_parent",
            "gatherings:index_results",
            "gatherings:choose_parent",
        ),
        "a view of the same Wagtail viewset, behind the same admin gate and permission "
        "policy as its index, which has a row",
    ),
}

# Whole groups of routes, by address prefix, with why.
EXEMPT_PREFIXES = {}

# Wagtail's own admin views, by namespace (or name) prefix, under /admin/ only.
EXEMPT_ADMIN_NAMESPACES = {
    "wagtail": "Wagtail's admin internals: every view sits behind require_admin_access and "
    "Wagtail's permission policies; the ADMIN rows prove the gate for each persona",
}

# Page types never served to anyone, with why.
EXEMPT_PAGE_TYPES = {
    "wagtailcore.Page": "Wagtail's abstract root type: only the tree's root node, never served",
}
