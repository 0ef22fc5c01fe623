"""Found by the semgrep rule `live-pages-without-the-visibility-filter` (#8, section 6): a
gathering named the practices it used without asking whether they are in a private section of
the library. The practice's title and address then reached anyone who could see the gathering:
on the gathering's page ("Practices used") and in the listing's practice filter."""

import pytest

from tests.events.factories import days, make_gathering
from tests.practices.factories import make_practice, make_private

pytestmark = pytest.mark.django_db


@pytest.fixture
def used_practices():
    """A past public gathering that used a public practice and one in a private section."""
    open_practice = make_practice("Troika consulting")
    private_practice = make_private(make_practice("Private canary practice h6"))
    event = make_gathering(
        "Troikas last month",
        starts_in=-days(30),
        agenda=[
            ("item", {"title": "Open part", "practice": open_practice}),
            ("item", {"title": "Closed part", "practice": private_practice}),
        ],
    )
    event.harvest_practices.add(open_practice, private_practice)
    event.save_revision().publish()
    return event, open_practice, private_practice


def test_a_gathering_page_names_no_practice_from_a_private_section(client, used_practices):
    event, open_practice, private_practice = used_practices

    html = client.get(event.url).content.decode()

    assert open_practice.title in html
    assert private_practice.title not in html
    assert private_practice.url not in html


def test_the_gatherings_practice_filter_offers_no_practice_from_a_private_section(
    client, used_practices
):
    _, open_practice, private_practice = used_practices

    html = client.get("/gatherings/?when=past").content.decode()

    assert open_practice.slug in html
    assert private_practice.slug not in html
    assert private_practice.title not in html
