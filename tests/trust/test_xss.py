"""Cross-site scripting (#8, section 5): every vector of xss_vectors.py, typed into every
member-writable field through the real forms and views, comes out inert on every page that
shows it: the site's pages and the Wagtail admin views where editors review member content.

"Inert" is checked by parsing each page (html.parser): no script element, no on* attribute, no
javascript:, vbscript: or data: URL in href, src, action, formaction or xlink:href, no style
element or style attribute, no iframe, object, embed, base or meta refresh, carrying the
marker "xss" that every vector holds in its would-be executable part. The site's own scripts
and styles never carry it, so they are not mistaken for injected ones.

Vectors are packed into as few submissions as each field's length allows. A submission the
form refuses (say, a NUL byte) stored nothing and so is inert; the tests assert that most were
stored, so they cannot pass by refusing everything.
"""

import datetime
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import WorkflowState

from convening.circles.models import Circle, CircleMembership, Reflection
from members.forms import ProfileForm
from practices.models import StoryPage
from tests.conftest import sign_in
from tests.practices.factories import make_practice

from .xss_vectors import SHORT, VECTORS

SECTION = "5. Bad input"
MARKER = "xss"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
# A <link> is checked by its URL: the site's canonical links carry slugs made from titles.
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base", "style", "svg", "math"}


class ExecutableFinder(HTMLParser):
    """Collects the executable parts of a page that carry the marker."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._open_script = None

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        shown = f"<{tag} {' '.join(f'{n}={v!r}' for n, v in attrs)}>"
        marked = MARKER in shown.lower()
        if tag in ("script", "style"):
            kind = dict(attrs).get("type", "")
            # JSON data islands are not executed; a breakout out of one is its own element.
            self._open_script = None if kind == "application/json" else [tag, shown]
        elif tag in DANGEROUS_TAGS and marked:
            self.found.append(shown)
        if tag == "meta" and "refresh" in dict(attrs).get("http-equiv", "").lower() and marked:
            self.found.append(shown)
        for name, value in attrs:
            lowered = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if MARKER not in (name + value).lower():
                continue
            if (
                name.startswith("on")
                or (
                    name in URL_ATTRIBUTES
                    and lowered.startswith(("javascript:", "vbscript:", "data:"))
                )
                or name == "style"
            ):
                self.found.append(shown)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._open_script is not None:
            self._open_script.append(data)

    def handle_endtag(self, tag):
        if self._open_script is not None and tag == self._open_script[0]:
            text = "".join(self._open_script[1:])
            if MARKER in text.lower():
                self.found.append(text[:200])
            self._open_script = None


def executable_parts(html: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def test_the_checker_finds_an_injected_script_and_handler():
    # The control: the checker is not blind. Raw vectors in a page are found.
    raw = "<p>" + "".join(VECTORS[:40]) + "</p>"
    assert len(executable_parts(raw)) >= 20
    escaped = "<p>" + "".join(v.replace("&", "&amp;").replace("<", "&lt;") for v in VECTORS)
    assert executable_parts(escaped.replace('"', "&quot;")) == []


def test_there_are_at_least_a_hundred_vectors_each_with_the_marker():
    assert len(VECTORS) >= 100
    assert all(MARKER in vector.lower() for vector in VECTORS)


def packed(vectors, size):
    """The vectors packed, one a line, into texts of at most `size` characters."""
    batches, current = [], ""
    for vector in vectors:
        if len(vector) > size:
            continue
        joined = f"{current}\n{vector}" if current else vector
        if len(joined) > size:
            batches.append(current)
            joined = vector
        current = joined
    return [*batches, current] if current else batches


@dataclass
class Tally:
    """Vector x field submissions, how many were stored, and every executable output."""

    submitted: int = 0
    stored: int = 0
    outputs: list = None

    def __post_init__(self):
        self.outputs = []

    def look(self, session, url, where):
        response = session.get(url)
        assert response.status_code == 200, f"{where}: {url} answered {response.status_code}"
        for part in executable_parts(response.content.decode()):
            self.outputs.append(f"{where} {url}: {part}")


def fields_of(form):
    """The POST data a browser would send for an unbound form as it is shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or name == "avatar":
            continue
        if value is True:
            value = "on"
        data[name] = [str(item) for item in value] if isinstance(value, list | tuple) else value
    return data


def run_field(tally, vectors, size, submit, pages):
    """Pack the vectors into the field, submit each pack, and look at every page after."""
    for text in packed(vectors, size):
        count = text.count("\n") + 1
        tally.submitted += count
        if submit(text):
            tally.stored += count
            for session, url, where in pages():
                tally.look(session, url, where)
        else:
            # A refused pack: try its vectors one by one, so one refused vector (a NUL byte)
            # does not hide the others.
            for vector in text.split("\n") if count > 1 else []:
                if submit(vector):
                    tally.stored += 1
                    for session, url, where in pages():
                        tally.look(session, url, where)


def accepted(response):
    return response.status_code == 302


def vectors_for(size, long_run):
    """Every vector under `make trust`; a spread of them (every family) in `make test`."""
    if long_run:
        return VECTORS
    return VECTORS[::6] if size >= 200 else SHORT[::12]


RUNS = pytest.mark.parametrize(
    "long_run",
    [
        pytest.param(False, id="sample"),
        pytest.param(True, id="every-vector", marks=pytest.mark.trust_long),
    ],
)


def finish(trust_figures, tally, long_run, figure):
    if not long_run:
        figure += ", sample"
    trust_figures.record(
        SECTION,
        f"XSS vectors x fields inert ({figure})",
        passed=tally.submitted - len(tally.outputs),
        attempted=tally.submitted,
    )
    trust_figures.record(
        SECTION,
        f"executable outputs ({figure}; passed = pages without one)",
        passed=0 if tally.outputs else 1,
        attempted=1,
        detail=f"{len(tally.outputs)} executable outputs",
    )
    assert tally.stored >= tally.submitted * 0.8, (
        f"only {tally.stored} of {tally.submitted} vectors were stored: the test saw too little"
    )
    assert not tally.outputs, "Executable output:\n" + "\n".join(tally.outputs[:50])


def signed(person):
    session = Client()
    sign_in(session, person)
    return session


PROFILE_FIELDS = {
    "display_name": 80,
    "pronouns": 40,
    "headline": 120,
    "organisation": 120,
    "region": 80,
    "country": 80,
    "bio": 2000,
    "lived_experience": 1000,
    "interests": 200,
}


def profile_field_sizes():
    form = ProfileForm()
    sizes = {}
    for name, fallback in PROFILE_FIELDS.items():
        sizes[name] = getattr(form.fields[name], "max_length", None) or fallback
    return sizes


@RUNS
@pytest.mark.django_db
def test_profile_fields_come_out_inert(world, trust_figures, long_run):
    member = world.people["member"]
    other = world.client("circle_member")
    editor = world.client("editor")
    session = signed(member)
    tally = Tally()
    profile = member.profile
    profile.lived_experience_visibility = profile.visibility
    profile.organisation_visibility = profile.visibility
    profile.save()

    def submit_to(name):
        def submit(text):
            profile.refresh_from_db()
            data = fields_of(ProfileForm(instance=profile))
            data[name] = text
            return accepted(session.post("/me/profile/", data))

        return submit

    def pages():
        slug = type(profile).objects.get(pk=profile.pk).slug
        shown = [
            (other, f"/members/{slug}/", "profile as a member"),
            (editor, f"/admin/members/inspect/{member.pk}/", "admin inspect"),
        ]
        if long_run:
            shown += [(other, "/members/", "directory"), (session, "/me/", "own dashboard")]
        return shown

    sizes = profile_field_sizes()
    if not long_run:
        # The sample: one short field, one of the tag fields and the long ones.
        sizes = {
            name: sizes[name] for name in ("display_name", "interests", "bio", "lived_experience")
        }
    for name, size in sizes.items():
        run_field(tally, vectors_for(size, long_run), size, submit_to(name), pages)
    finish(trust_figures, tally, long_run, "profile")


@RUNS
@pytest.mark.django_db
def test_messages_and_reports_come_out_inert(world, trust_figures, long_run):
    member = world.client("member")
    recipient = world.people["circle_member"]
    recipient.profile.open_to_contact = True
    recipient.profile.save()
    slug = recipient.profile.slug
    tally = Tally()
    run_field(
        tally,
        vectors_for(2000, long_run),
        2000,
        lambda text: accepted(member.post(f"/members/{slug}/contact/", {"message": text})),
        lambda: [(world.client("circle_member"), "/me/messages/", "messages")],
    )
    run_field(
        tally,
        vectors_for(2000, long_run),
        2000,
        lambda text: accepted(
            member.post(f"/members/{slug}/report/", {"reason": "other", "details": text})
        ),
        lambda: [(world.client("editor"), "/admin/member-reports/", "admin reports")],
    )
    finish(trust_figures, tally, long_run, "messages and reports")


@RUNS
@pytest.mark.django_db
def test_reflections_and_replies_come_out_inert(world, trust_figures, long_run):
    author = world.client("circle_member")
    facilitator = world.client("facilitator_a")
    tally = Tally()
    reflection_pages = []

    def write(field, fixed):
        def submit(text):
            data = {
                "structure": "what-so-what-now-what",
                "title": "A reflection",
                "date": "2026-01-05",
                "visibility": "circle",
                "circle": str(world.circle_a.pk),
                "section_what": "Something",
                **fixed,
                field: text,
            }
            response = author.post("/me/reflections/new/", data)
            if accepted(response):
                reflection_pages[:] = [response["Location"]]
            return accepted(response)

        return submit

    def pages():
        return [
            (facilitator, reflection_pages[0], "reflection as circle"),
            (author, reflection_pages[0], "reflection as author"),
            (author, "/me/reflections/", "own reflections"),
            (author, "/me/portfolio/", "portfolio"),
        ]

    run_field(tally, vectors_for(160, long_run), 160, write("title", {}), pages)
    for section in ("section_what", "section_so_what", "section_now_what"):
        run_field(tally, vectors_for(10000, long_run), 10000, write(section, {}), pages)
    reflection = Reflection.objects.filter(author=world.people["circle_member"]).last()
    run_field(
        tally,
        vectors_for(2000, long_run),
        2000,
        lambda text: accepted(
            facilitator.post(f"/circles/reflections/{reflection.pk}/reply/", {"text": text})
        ),
        lambda: [(author, f"/circles/reflections/{reflection.pk}/", "reply as author")],
    )
    finish(trust_figures, tally, long_run, "reflections and replies")


@RUNS
@pytest.mark.django_db
def test_replies_to_a_gathering_come_out_inert_for_the_hosts(world, trust_figures, long_run):
    member = world.client("member")
    host = world.client("host")
    event = world.open_gathering
    tally = Tally()
    for field, size in (("access_notes", 600), ("question", 1000)):
        run_field(
            tally,
            vectors_for(size, long_run),
            size,
            lambda text, field=field: accepted(
                member.post(f"/gatherings/{event.pk}/reply/", {"going": "yes", field: text})
            ),
            lambda: [(host, f"/gatherings/{event.pk}/host/", "host page")],
        )
    finish(trust_figures, tally, long_run, "gathering replies")


@RUNS
@pytest.mark.django_db
def test_requests_to_join_a_circle_come_out_inert_for_the_facilitators(
    world, trust_figures, long_run
):
    circle = world.circle_b
    Circle.objects.filter(pk=circle.pk).update(
        join_policy=Circle.JoinPolicy.REQUEST, join_questions="Why this circle?"
    )
    member = world.client("member")
    facilitator = world.client("facilitator_b")
    tally = Tally()

    def ask(field):
        def submit(text):
            # One request per member: the earlier one is cleared so the next pack can ask.
            CircleMembership.objects.filter(circle=circle, member=world.people["member"]).delete()
            data = {"answer_0": "Because", "message": "", "agree": "on", field: text}
            return accepted(member.post(f"/circles/{circle.slug}/join/", data))

        return submit

    pages = lambda: [(facilitator, f"/circles/{circle.slug}/facilitate/", "facilitate")]  # noqa: E731
    run_field(tally, vectors_for(2000, long_run), 2000, ask("message"), pages)
    run_field(tally, vectors_for(1500, long_run), 1500, ask("answer_0"), pages)
    finish(trust_figures, tally, long_run, "circle join requests")


@RUNS
@pytest.mark.django_db
def test_invitation_messages_come_out_inert_for_the_invitee(
    world, trust_figures, long_run, django_capture_on_commit_callbacks
):
    host = world.client("host")
    event = world.invitation_only
    tally = Tally()
    sent = []

    def submit(text):
        mail.outbox.clear()
        data = {
            "email": f"guest{len(sent)}@example.org",
            "name": "A guest",
            "organisation": "Elsewhere",
            "message": text,
        }
        # The invitation email leaves after the commit, as in production.
        with django_capture_on_commit_callbacks(execute=True):
            ok = accepted(host.post(f"/gatherings/{event.pk}/host/invite/", data))
        if ok:
            bodies = " ".join(message.body for message in mail.outbox)
            sent.append(re.search(r"/gatherings/invitation/[^/\s]+/", bodies).group(0))
        return ok

    def pages():
        return [
            (Client(), sent[-1], "invitation as the invitee"),
            (host, f"/gatherings/{event.pk}/host/", "host page"),
        ]

    run_field(tally, vectors_for(3000, long_run), 3000, submit, pages)
    finish(trust_figures, tally, long_run, "invitations")


@RUNS
@pytest.mark.django_db
def test_story_submissions_come_out_inert_for_editors_and_readers(world, trust_figures, long_run):
    practice = make_practice("A practice for stories")
    member = world.client("member")
    editor = world.client("editor")
    tally = Tally()
    latest = []

    def submit_to(field):
        def submit(text):
            # Members may submit ten things a day: earlier submissions are moved to last week.
            WorkflowState.objects.filter(requested_by=world.people["member"]).update(
                created_at=timezone.now() - datetime.timedelta(days=7)
            )
            data = {
                "title": "A story",
                "summary": "What we tried.",
                "situation": "A situation.",
                "what_we_did": "What we did.",
                "practices": [str(practice.pk)],
                "what_happened": "What happened.",
                "what_we_learned": "What we learned.",
                "consent": "on",
                field: text,
            }
            ok = accepted(member.post("/practices/share-a-story/", data))
            if ok:
                story = StoryPage.objects.order_by("-pk").first()
                story.get_latest_revision().publish()
                latest[:] = [story.pk]
            return ok

        return submit

    def pages():
        story = StoryPage.objects.get(pk=latest[0])
        return [
            (editor, f"/admin/pages/{story.pk}/edit/", "admin edit"),
            (editor, "/admin/library/waiting-for-review/", "admin review list"),
            (Client(), story.url, "published story"),
        ]

    for field, size in (("situation", 5000), ("what_we_learned", 5000), ("title", 120)):
        run_field(tally, vectors_for(size, long_run), size, submit_to(field), pages)
    finish(trust_figures, tally, long_run, "stories")
