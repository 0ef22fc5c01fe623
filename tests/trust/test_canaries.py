"""Section 2 of #8: no confidential string reaches a persona who may not read it, through any
side channel: pages reached by following links, searches for the canary words, the sitemap,
feeds, the persona's own calendar feed, Wagtail's admin choosers and searches, meta tags (they
are in the HTML), error pages, and every email the journeys sent.

The canaries are planted by `tests/trust/canaries.py` (where who may read each one is written
down); the crawl is `tests/trust/canary_crawl.py`. A leak is reported with its persona, address
and canary, so a failure says exactly what to fix.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from members.digest import send_digest
from members.models import Profile

from .canaries import Garden, plant
from .canary_crawl import Document, crawl, emails_sent, fetch
from .world import PERSONAS

SECTION = "2. Side channels (canaries)"

ADMIN_SEEDS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/search/?q={word}",
    "/admin/choose-page/",
    "/admin/choose-page/search/?q={word}",
    "/admin/api/main/pages/?search={word}",
    "/admin/api/main/images/",
    "/admin/images/",
    "/admin/images/?q={word}",
    "/admin/images/chooser/",
    "/admin/images/chooser/results/?q={word}",
    "/admin/documents/chooser/",
    "/admin/members/",
    "/admin/members/?q={word}",
    "/admin/member-reports/",
    "/admin/library/waiting-for-review/",
    "/admin/gatherings/all/",
    "/admin/reports/workflow/",
    "/admin/reports/site-history/",
    "/admin/users/?q={word}",
    # What the admin lists of pages, as each staff persona may see them (#16, item 2).
    "/admin/choose-page/?page_type=events.eventpage",
    "/admin/choose-page/search/?q={word}&page_type=events.eventpage",
    "/admin/api/main/pages/",
    "/admin/reports/site-history/?export=csv",
]
SITE_SEEDS = [
    "/",
    "/me/",
    "/me/reflections/",
    "/me/portfolio/",
    "/me/portfolio/export/",
    "/me/data/",
    "/me/data/download/",
    "/me/messages/",
    "/me/access-needs/",
    "/me/calendar/",
    "/members/",
    "/circles/",
    "/gatherings/",
    "/gatherings/?past=1",
    "/practices/",
    "/sitemap.xml",
    "/robots.txt",
    "/practices/feed/",
    "/practices/feed/atom/",
    "/gatherings/feed/",
    "/gatherings/calendar.ics",
]
SEARCHES = ["/practices/?q={word}", "/members/?q={word}"]
ADMIN_SEARCHES = ["/admin/pages/search/?q={word}", "/admin/images/chooser/results/?q={word}"]
# Who reaches the admin: the others are only asked whether its front door turns them away.
ADMIN_PERSONAS = {"host", "editor", "superuser"}


@pytest.fixture
def garden(world, home_page, django_capture_on_commit_callbacks):
    return plant(world, capture=django_capture_on_commit_callbacks, home_page=home_page)


def seeds_for(persona, garden, words):
    admin = persona in ADMIN_PERSONAS
    seeds = list(SITE_SEEDS)
    for word in words:
        seeds += [search.format(word=word) for search in SEARCHES]
        if admin:
            seeds += [search.format(word=word) for search in ADMIN_SEARCHES]
    # A made-up address with a word in it: the error page may echo the address, which is the
    # visitor's own typing, but nothing planted.
    seeds.append(f"/no-such-page-{words[0]}/")
    seeds += garden.object_urls
    seeds += [seed.format(word=words[0]) for seed in (ADMIN_SEEDS if admin else ADMIN_SEEDS[:3])]
    if persona in garden.feeds:
        seeds.append(garden.feeds[persona])
    return seeds


def leaks_in(garden, documents):
    leaks = []
    for document in documents:
        for canary in garden.found_in(document.text, typed=document.where):
            if document.persona not in canary.readers:
                leaks.append((document.persona, document.where, canary.field))
    return leaks


def search_words(garden, *, every):
    """The words searched for: every canary's in the long run; in CI, a few whose objects a
    search could show (a story in review, a hidden gathering, a hidden part of a profile)."""
    words = {c.field: c.word for c in garden.canaries.values() if c.token.startswith("canary-")}
    if every:
        return list(words.values())
    likely = ("story-in-review-title", "invited-gathering-title", "organisation-private")
    return [words[name] for name in likely]


def links_emailed(world):
    """Persona -> the site's addresses in the emails they were sent (their invitation, the
    reply to their reflection...): a member opens them, so the crawl does."""
    persona_of = {u.email.lower(): p for p, u in world.people.items() if u is not None}
    site = re.escape(settings.SITE_URL)
    links = {}
    for recipients, _subject, text in emails_sent():
        for address in recipients:
            if persona := persona_of.get(address.lower()):
                for path in re.findall(site + r"(/[^\s\"'<>]*)", text):
                    if not re.search(r"unsubscribe|/delete|/leave", path):
                        links.setdefault(persona, []).append(path)
    return links


def crawl_everyone(world, garden, *, limit, admin_limit, every_word):
    words = search_words(garden, every=every_word)
    emailed = links_emailed(world)
    documents = []
    for persona in PERSONAS:
        seeds = seeds_for(persona, garden, words) + emailed.get(persona, [])
        documents += crawl(
            world.client(persona), persona, seeds, limit=limit, admin_limit=admin_limit
        )
    # Again at the end, for those who came first: a page or fragment cached while someone
    # else was looking must not be served to them now.
    for persona in ("anonymous",):
        seeds = [*SITE_SEEDS, *garden.object_urls]
        documents += crawl(world.client(persona), persona, seeds, limit=0, admin_limit=0)
    return documents


def record_and_report(garden, documents, trust_figures, label=""):
    """The leaks among `documents`, recorded as the report's figures, as lines for a failure."""
    leaks = leaks_in(garden, documents)
    leaked_documents = {(persona, where) for persona, where, _field in leaks}
    trust_figures.record(
        SECTION,
        f"canaries planted, none leaked{label}",
        passed=len(garden.canaries) - len({field for _p, _w, field in leaks}),
        attempted=len(garden.canaries),
    )
    trust_figures.record(
        SECTION,
        f"pages fetched without a leak{label}",
        passed=len(documents) - len(leaked_documents),
        attempted=len(documents),
    )
    return [f"{persona} read {field} at {where}" for persona, where, field in leaks]


def seen_by_readers(garden, documents):
    return {
        canary.field
        for document in documents
        for canary in garden.found_in(document.text)
        if document.persona in canary.readers
    }


# The control: a crawl that cannot see the planted fields would prove nothing. For each kind of
# content, the people who may read it find it through the same crawl and matching.
MUST_BE_SEEN = {
    "reflection-private-text",
    "reflection-circle-text",
    "reflection-reply",
    "facilitator-notes",
    "join-answer",
    "invitation-circle-name",
    "organisation-private",
    "bio-members-profile",
    "contact-message",
    "rsvp-access-notes",
    "invited-gathering-title",
    "members-gathering-venue",
    "story-in-review-title",
    "draft-practice-title",
}


def email_leaks(world, garden, trust_figures):
    people = {**world.people, **garden.people}
    persona_of = {u.email.lower(): p for p, u in people.items() if u is not None}
    emails = emails_sent()
    assert emails, "the journeys sent no email at all"
    leaks = []
    for recipients, subject, text in emails:
        for canary in garden.found_in(text):
            for address in recipients:
                reader = persona_of.get(address.lower(), address.lower())
                if reader not in canary.readers:
                    leaks.append((reader, subject, canary.field))
    trust_figures.record(
        SECTION,
        "emails sent without a leak",
        passed=len(emails) - len({subject for _r, subject, _f in leaks}),
        attempted=len(emails),
    )
    return [
        f"{reader} was sent {field} in the email {subject!r}" for reader, subject, field in leaks
    ]


def send_digests():
    """The digest, a month on, for everyone who takes one: it gathers what is new."""
    for profile in Profile.objects.filter(user__is_active=True):
        send_digest(profile, now=timezone.now() + datetime.timedelta(days=40))


def test_no_canary_reaches_a_persona_who_may_not_read_it(
    world, garden, trust_figures, django_capture_on_commit_callbacks
):
    """One bounded crawl per persona (pages, searches, feeds, admin, error pages), and every
    email the journeys and a digest sent. The crawl must also find each kind of canary in front
    of the people who may read it, or it proves nothing."""
    documents = crawl_everyone(world, garden, limit=8, admin_limit=10, every_word=False)
    with django_capture_on_commit_callbacks(execute=True):
        send_digests()
    failures = record_and_report(garden, documents, trust_figures)
    failures += email_leaks(world, garden, trust_figures)
    seen = seen_by_readers(garden, documents)
    unseen = sorted({c.field for c in garden.canaries.values()} - seen)
    trust_figures.record(
        SECTION,
        "canaries that must be found by their own readers, found (control)",
        passed=len(MUST_BE_SEEN & seen),
        attempted=len(MUST_BE_SEEN),
        detail="not reached by the bounded crawl: " + ", ".join(unseen),
    )
    failures += [f"never seen by its readers: {name}" for name in sorted(MUST_BE_SEEN - seen)]
    # Each persona was shown pages, not only refusals: the crawl reached the site.
    failures += [
        f"{persona} was shown no page at all"
        for persona in PERSONAS
        if not any(d.persona == persona and d.status == 200 for d in documents)
    ]
    assert not failures, "\n".join(failures)


def test_a_sealed_object_answers_404_and_its_error_page_names_nothing(world, garden):
    """Someone who may not know an object exists gets the plain 404 (not 403, which would say
    it exists), and nothing planted in it comes through the error page."""
    sealed = {
        "facilitator_b": "/circles/an-invitation-only-circle/",
        "member": "/members/fred-facilitator/",
        "circle_member": "/gatherings/an-invitation-only-gathering/",
        "host": "/practices/a-draft-practice/",
        "facilitator_a": "/practices/story-in-review-title/",
    }
    for persona, address in sealed.items():
        document = fetch(world.client(persona), persona, address)
        assert document.status == 404, (persona, address, document.status)
        assert not leaks_in(garden, [document]), (persona, address)


@pytest.mark.trust_long
def test_a_deep_crawl_with_every_canary_searched_leaks_nothing(world, garden, trust_figures):
    documents = crawl_everyone(world, garden, limit=400, admin_limit=200, every_word=True)
    failures = record_and_report(garden, documents, trust_figures, label=" (deep crawl)")
    assert not failures, "\n".join(failures)


def test_the_detector_reports_a_canary_shown_to_someone_not_among_its_readers():
    """The matching itself, without the site: a canary read by someone outside its readers is
    a leak, even folded across lines of a calendar file or in capitals; the address the persona
    typed themselves is not."""
    garden = Garden()
    secret = garden.sow("secret", {"member"})
    folded = f"DESCRIPTION:{secret[:20]}\r\n {secret[20:]}"
    documents = [
        Document("member", "/a/", 200, secret),
        Document("host", "/b/", 200, folded),
        Document("host", "/c/", 200, secret.upper()),
        Document("host", f"/typed/{secret}/", 404, f"Nothing at /typed/{secret}/"),
    ]
    assert leaks_in(garden, documents) == [("host", "/b/", "secret"), ("host", "/c/", "secret")]
