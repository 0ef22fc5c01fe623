"""A practice page lists its own sections in an "On this page" contents (beside the text on a
wide screen, above it on a phone): every link finds its section, a section the practice does
not have is not listed, and the printable card view has no contents."""

import re

import pytest
from django.test import Client

from .factories import make_concept, make_practice

pytestmark = pytest.mark.django_db


def contents_of(html: str) -> list[str]:
    nav = re.search(r'<nav class="page-contents.*?</nav>', html, re.S)
    assert nav, "the page has no contents"
    return re.findall(r'<a href="#([^"]+)"', nav.group(0))


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


class TestPracticePageContents:
    def test_every_link_of_the_contents_finds_its_section(self):
        practice = make_practice(
            "World café",
            when_to_use="<p>When many voices matter.</p>",
            tips_and_traps="<p>Keep the rounds short.</p>",
            concepts=[make_concept("Emergence").slug],
        )
        html = Client().get(practice.url).content.decode()

        links = contents_of(html)

        assert links[:2] == ["makes-possible", "when-to-use"]
        assert {"tips", "concepts", "stories", "members", "origin"} <= set(links)
        assert set(links) <= ids_in(html)

    def test_a_section_the_practice_does_not_have_is_not_listed(self):
        practice = make_practice("Open space")
        links = contents_of(Client().get(practice.url).content.decode())
        assert "when-not-to-use" not in links
        assert "steps" not in links
        assert "variations" not in links

    def test_the_printable_card_has_no_contents(self):
        practice = make_practice("Open space")
        html = Client().get(practice.url, {"print": "card"}).content.decode()
        assert 'class="page-contents' not in html
