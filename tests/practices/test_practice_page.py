"""A practice page: its structured spine, its relations read both ways, the stories and members
that use it (as the viewer may see them), its HowTo data, and a query count that does not grow
with the library."""

import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

from members.models import Block
from members.visibility import Visibility
from practices.models import (
    Concept,
    PracticeIndexPage,
    PracticePage,
    PracticeRelation,
    PracticeUse,
    Purpose,
    StoryPage,
    StoryPractice,
)
from practices.reading import (
    FacetLink,
    Usage,
    iso_duration,
    json_ld_script,
    practice_how_to,
    practice_page_context,
    related_practices,
)

from ..factories import make_member

pytestmark = pytest.mark.django_db

STEPS = [
    {
        "type": "phase",
        "value": {
            "title": "Opening",
            "steps": [
                {
                    "title": "Set the question",
                    "description": "Write the question where everyone can see it.",
                    "minutes": 5,
                    "group_configuration": "whole group",
                    "output": "A shared question",
                }
            ],
        },
    },
    {
        "type": "phase",
        "value": {
            "title": "Rounds",
            "steps": [
                {
                    "title": "Talk at tables",
                    "description": "Three rounds of twenty minutes.",
                    "minutes": 60,
                    "group_configuration": "groups of 4",
                    "output": "",
                },
                {
                    "title": "Harvest",
                    "description": "Each table shares one insight.",
                    "minutes": None,
                    "group_configuration": "",
                    "output": "Insights on the wall",
                },
            ],
        },
    },
]


def make_library(home_page):
    return home_page.add_child(instance=PracticeIndexPage(title="Practices", slug="practices"))


def make_practice(library, title, **fields):
    fields.setdefault("summary", f"{title} in a line.")
    fields.setdefault("makes_possible", "<p>Conversations that matter.</p>")
    return library.add_child(instance=PracticePage(title=title, **fields))


def make_story(library, title, *, practices=(), live=True):
    story = library.add_child(
        instance=StoryPage(
            title=title,
            summary=f"What happened in {title}.",
            situation="<p>A stuck partnership.</p>",
            what_we_did="<p>We met.</p>",
            what_happened="<p>Things moved.</p>",
            what_we_learned="<p>Time matters.</p>",
            live=live,
        )
    )
    for practice in practices:
        StoryPractice.objects.create(story=story, practice=practice)
    return story


def relate(page, kind, target):
    page.relations.add(PracticeRelation(kind=kind, target=target))
    page.save_revision().publish()


def json_ld_of(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "The page carries no JSON-LD"
    return json.loads(found.group(1))


@pytest.fixture
def library(home_page):
    return make_library(home_page)


@pytest.fixture
def world_cafe(library):
    frame = Purpose.objects.get(slug="frame-the-situation")
    feedback = Concept.objects.create(name="Feedback", slug="feedback", definition="Loops.")
    practice = make_practice(
        library,
        "World Cafe",
        kind=PracticePage.Kind.METHOD,
        minutes_min=45,
        minutes_max=90,
        group_min=12,
        group_max=200,
        online=True,
        when_to_use="<p>When many voices matter.</p>",
        when_not_to_use="<p>When a decision is already made.</p>",
        steps=STEPS,
        materials="Paper tablecloths\nMarker pens\n- A talking piece",
        outputs="A wall of insights",
        tips_and_traps="<p>Keep the question open.</p>",
        variations="<p>Online, in breakout rooms.</p>",
        originators="Juanita Brown and David Isaacs",
        origin_year=1995,
        attribution=PracticePage.Attribution.DOCUMENTED,
        key_sources="<p>The World Cafe book.</p>",
    )
    practice.purposes.add(frame)
    practice.concepts.add(feedback)
    practice.save_revision().publish()
    return practice


def test_a_practice_page_shows_its_spine_in_order(client, world_cafe):
    html = client.get(world_cafe.url).content.decode()
    main = html[html.index("<main") :]
    # The "On this page" contents names the sections too (tests/practices/test_page_contents.py).
    main = re.sub(r'<nav class="page-contents.*?</nav>', "", main, flags=re.S)
    spine = [
        "At a glance",
        "World Cafe in a line.",
        "What it makes possible",
        "When to use it",
        "When not to use it",
        '<h2 id="steps">Steps</h2>',
        "Materials",
        "What it produces",
        "Tips and traps",
        "Variations",
        "Concepts",
        "Used in 0 stories",
        "Used by 0 members",
        "Origin",
        "Find similar practices",
    ]
    positions = [main.index(part) for part in spine]
    assert positions == sorted(positions)
    assert "<dt>Time</dt><dd>45 minutes to 1 hour 30 minutes</dd>" in html
    assert "12 to 200 people" in html
    assert "In person, Online" in html
    assert "<h3>Rounds</h3>" in html
    assert "Groups of 4" in html
    assert "Insights on the wall" in html
    assert "<li>Marker pens</li>" in html
    assert "<li>A talking piece</li>" in html
    assert '<a href="/practices/glossary/#feedback">Feedback</a>' in html
    assert '<a href="/practices/?purpose=frame-the-situation">Frame the situation</a>' in html
    assert "Juanita Brown and David Isaacs, 1995" in html
    assert "Documented: the originators and year are set out" in html


def test_a_practice_says_its_time_once_in_the_editors_minutes_not_beside_a_band(client, library):
    """The library's band ("30 to 90 minutes") beside the practice's own 20 to 45 minutes
    read as a contradiction."""
    short = make_practice(library, "What? So what? Now what?", minutes_min=20, minutes_max=45)
    html = client.get(short.url).content.decode()
    assert "<dt>Time</dt><dd>20 to 45 minutes</dd>" in html
    assert short.time_band == "30 to 90 minutes"
    assert "30 to 90 minutes" not in html


def test_a_practice_without_minutes_gives_its_band_as_its_time(client, library):
    sessions = make_practice(library, "Action learning", span=PracticePage.Span.SESSIONS)
    html = client.get(sessions.url).content.decode()
    assert "<dt>Time</dt><dd>Multi-session</dd>" in html


def test_a_visitor_is_invited_to_sign_in_and_a_member_gets_the_buttons(
    client, member_client, world_cafe
):
    visitor = client.get(world_cafe.url).content.decode()
    assert "Sign in</a> to save this practice" in visitor
    assert "Save to my list" not in visitor
    html = member_client.get(world_cafe.url).content.decode()
    assert 'action="/practices/world-cafe/save/"' in html
    assert 'href="/practices/world-cafe/used/">I have used this<' in html


def test_relations_appear_on_both_pages_with_the_right_labels(client, library, world_cafe):
    open_space = make_practice(library, "Open Space")
    fishbowl = make_practice(library, "Fishbowl")
    relate(world_cafe, PracticeRelation.Kind.FOLLOWED_BY, open_space)
    relate(fishbowl, PracticeRelation.Kind.VARIANT_OF, world_cafe)

    cafe = client.get(world_cafe.url).content.decode()
    assert re.search(r"<dt>Often followed by</dt>\s*<dd><a href=\"/practices/open-space/\">", cafe)
    assert re.search(r"<dt>Has a variant</dt>\s*<dd><a href=\"/practices/fishbowl/\">", cafe)

    space = client.get(open_space.url).content.decode()
    assert re.search(r"<dt>Often preceded by</dt>\s*<dd><a href=\"/practices/world-cafe/\">", space)
    fish = client.get(fishbowl.url).content.decode()
    assert re.search(r"<dt>A variant of</dt>\s*<dd><a href=\"/practices/world-cafe/\">", fish)


def test_a_relation_to_or_from_an_unpublished_practice_is_not_shown(library, world_cafe):
    draft = make_practice(library, "Draft practice")
    withdrawn = make_practice(library, "Withdrawn practice")
    relate(world_cafe, PracticeRelation.Kind.ALTERNATIVE_TO, draft)
    relate(withdrawn, PracticeRelation.Kind.PART_OF, world_cafe)
    draft.unpublish()
    withdrawn.unpublish()
    assert related_practices(PracticePage.objects.get(pk=world_cafe.pk)) == []


def test_used_in_stories_lists_live_stories_only(client, library, world_cafe):
    make_story(library, "Housing partners meet", practices=[world_cafe])
    make_story(library, "A draft story", practices=[world_cafe], live=False)
    make_story(library, "A story about something else")
    html = client.get(world_cafe.url).content.decode()
    assert "Used in 1 story" in html
    assert '<a href="/practices/housing-partners-meet/">Housing partners meet</a>' in html
    assert "A draft story" not in html
    assert "something else" not in html


def test_members_who_use_this_are_only_those_the_viewer_may_see(
    client, member, member_client, world_cafe
):
    public = make_member(name="Pat Public", visibility=Visibility.PUBLIC)
    members_only = make_member(name="Mel Members", visibility=Visibility.MEMBERS)
    hidden = make_member(name="Hal Hidden", visibility=Visibility.PRIVATE)
    blocker = make_member(name="Bea Blocker", visibility=Visibility.PUBLIC)
    Block.objects.create(blocker=blocker, blocked=member)
    for person in (public, members_only, hidden, blocker):
        PracticeUse.objects.create(member=person, practice=world_cafe)

    seen_by_member = member_client.get(world_cafe.url).content.decode()
    assert "Used by 4 members" in seen_by_member
    assert f'<a href="/members/{public.profile.slug}/">Pat Public</a>' in seen_by_member
    assert "Mel Members" in seen_by_member
    assert "Hal Hidden" not in seen_by_member
    assert "Bea Blocker" not in seen_by_member

    seen_by_visitor = client.get(world_cafe.url).content.decode()
    assert "Used by 4 members" in seen_by_visitor
    assert "Pat Public" in seen_by_visitor
    assert "Bea Blocker" in seen_by_visitor
    assert "Mel Members" not in seen_by_visitor
    assert "Hal Hidden" not in seen_by_visitor


def test_the_page_carries_how_to_data_with_steps_time_and_supplies(client, world_cafe):
    data = json_ld_of(client.get(world_cafe.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "HowTo"
    assert data["name"] == "World Cafe"
    assert data["description"] == "World Cafe in a line."
    assert data["totalTime"] == "PT1H30M"
    assert [supply["name"] for supply in data["supply"]] == [
        "Paper tablecloths",
        "Marker pens",
        "A talking piece",
    ]
    opening, rounds = data["step"]
    assert opening["@type"] == "HowToSection"
    assert opening["name"] == "Opening"
    assert [step["name"] for step in rounds["itemListElement"]] == ["Talk at tables", "Harvest"]
    assert rounds["itemListElement"][0]["@type"] == "HowToStep"
    assert rounds["itemListElement"][0]["timeRequired"] == "PT1H"


def test_a_practice_with_one_phase_lists_its_steps_directly(library):
    practice = make_practice(library, "Check-in", steps=STEPS[:1], minutes_max=10)
    data = practice_how_to(practice)
    assert data["totalTime"] == "PT10M"
    assert [step["@type"] for step in data["step"]] == ["HowToStep"]
    assert "supply" not in data


def test_how_to_data_cannot_end_its_script_element():
    text = json_ld_script({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text
    assert ">" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_durations_are_written_in_iso_8601():
    assert [iso_duration(minutes) for minutes in (5, 60, 90, 480)] == [
        "PT5M",
        "PT1H",
        "PT1H30M",
        "PT8H",
    ]


def test_a_preview_of_a_new_practice_has_no_stories_or_members(library, member):
    unsaved = PracticePage(title="Brand new", summary="New.", makes_possible="<p>x</p>")
    context = practice_page_context(unsaved, member)
    assert context["story_count"] == 0
    assert context["use_count"] == 0
    assert context["users"] == []
    assert context["related"] == []
    assert json.loads(context["json_ld"])["name"] == "Brand new"


def test_a_preview_shows_the_facets_the_editor_ticked_and_the_page_still_the_stored_ones(
    world_cafe, member
):
    frame = Purpose.objects.get(slug="frame-the-situation")
    other = Purpose.objects.exclude(pk=frame.pk).first()
    edited = PracticePage.objects.get(pk=world_cafe.pk)
    edited.purposes.set([other])  # a parental relation: held on the page until it is saved

    previewed = practice_page_context(edited, member, preview=True)
    stored = practice_page_context(world_cafe, member)

    def purposes(context):
        return [link.name for facet in context["facets"] for link in facet.links]

    assert purposes(previewed) == [other.name]
    assert purposes(stored) == [frame.name]
    assert [concept.name for concept in stored["concepts"]] == ["Feedback"]
    assert [concept.slug for concept in previewed["concepts"]] == ["feedback"]


def test_the_context_counts_stories_and_members_and_the_viewers_own_records(
    library, world_cafe, member
):
    make_story(library, "One", practices=[world_cafe])
    PracticeUse.objects.create(member=member, practice=world_cafe, note="It worked.")
    context = practice_page_context(world_cafe, member)
    assert context["story_count"] == 1
    assert context["use_count"] == 1
    assert [person.name for person in context["users"]] == ["Mo Member"]
    assert context["own_use"].note == "It worked."
    assert context["saved"] is False
    assert practice_page_context(world_cafe, AnonymousUser())["users"] == []


def queries_for_page(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_uses(library, practice, first, count):
    for number in range(first, first + count):
        make_story(library, f"Story {number}", practices=[practice])
        person = make_member(name=f"Person {number}", visibility=Visibility.PUBLIC)
        PracticeUse.objects.create(member=person, practice=practice)


def test_a_practice_page_runs_the_same_queries_for_5_or_40_stories_and_members(
    member_client, library, world_cafe
):
    for number in range(3):
        other = make_practice(library, f"Related {number}")
        relate(world_cafe, PracticeRelation.Kind.FOLLOWED_BY, other)
        relate(other, PracticeRelation.Kind.ALTERNATIVE_TO, world_cafe)
    add_uses(library, world_cafe, 0, 5)
    member_client.get(world_cafe.url)  # Warm the per-process caches (site root paths).
    few = queries_for_page(member_client, world_cafe.url)

    add_uses(library, world_cafe, 5, 35)
    many = queries_for_page(member_client, world_cafe.url)

    assert many == few
    # Measured with nothing cached; issue #7's 20 for a member held only with cached fragments
    # (tests/practices/test_queries.py).
    assert few <= 26


def test_the_only_scripts_are_the_data_block_and_the_print_file_and_there_is_no_inline_style(
    client, world_cafe
):
    html = client.get(world_cafe.url).content.decode()
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="application/ld+json">',
        '<script src="/static/js/print.js" defer>',
    ]
    assert "<style" not in html
    assert " style=" not in html


def test_gatherings_and_circles_can_add_where_else_a_practice_was_used(client, world_cafe):
    def gatherings(practice, viewer):
        link = FacetLink("Spring gathering", "/gatherings/spring/")
        return Usage("Used at 1 gathering", 1, [link])

    with hooks.register_temporarily("convening_practice_usage", gatherings):
        html = client.get(world_cafe.url).content.decode()
    assert "Used at 1 gathering" in html
    assert '<a href="/gatherings/spring/">Spring gathering</a>' in html
