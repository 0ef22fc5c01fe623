"""A member's profile lists the practices they use."""

import pytest

from practices.models import PracticeIndexPage, PracticePage, PracticeUse

from ..factories import make_member

pytestmark = pytest.mark.django_db


def test_a_profile_lists_the_live_practices_its_member_uses(client, home_page):
    library = home_page.add_child(instance=PracticeIndexPage(title="Practices", slug="practices"))
    used = library.add_child(
        instance=PracticePage(title="World Cafe", summary="s", makes_possible="<p>x</p>")
    )
    draft = library.add_child(
        instance=PracticePage(
            title="Secret draft", summary="s", makes_possible="<p>x</p>", live=False
        )
    )
    person = make_member(name="Pia Public", visibility="public")
    PracticeUse.objects.create(member=person, practice=used)
    PracticeUse.objects.create(member=person, practice=draft)
    html = client.get(f"/members/{person.profile.slug}/").content.decode()
    assert "Practices I use" in html
    assert "World Cafe" in html
    assert "Secret draft" not in html
