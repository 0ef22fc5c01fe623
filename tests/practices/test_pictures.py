"""A picture a member sends with a story is seen by the same people as the story: while it is a
draft, in review or sent back, only by the member and the editors; once published, by whoever
may see the story's page; once unpublished, again only by them. The files are never where the
web server hands out media, and every address of the picture (its original and each size) is
the view that asks."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from practices.models import StoryPage
from tests.events.factories import make_host
from tests.factories import make_member

from ..conftest import signed_in
from .factories import make_library, make_practice
from .test_submissions import share

pytestmark = pytest.mark.django_db


def png(size=(900, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def practice(home_page):
    make_library(home_page)
    return make_practice("World Cafe", slug="world-cafe")


@pytest.fixture
def story(member, practice):
    upload = SimpleUploadedFile("tea.png", png(), content_type="image/png")
    share(signed_in(member), practice, image=upload, image_description="Tea on a table")
    return StoryPage.objects.get(submitted_by=member)


def addresses(story) -> list[str]:
    """The original's address and one size's, as the admin and the story page link them."""
    image = story.image
    return [image.file.url, image.get_rendition("width-480").url]


def answers(client, urls) -> set[int]:
    return {client.get(url).status_code for url in urls}


def publish(story):
    story.get_latest_revision().publish()
    story.refresh_from_db()


# Where the files are ------------------------------------------------------------------------


def test_the_picture_and_its_sizes_are_kept_out_of_public_media(story):
    image = story.image
    rendition = image.get_rendition("width-480")
    media = Path(settings.MEDIA_ROOT)
    private = Path(storages["private"].location)

    for name in (image.file.name, rendition.file.name):
        assert not (media / name).exists()
        assert (private / name).exists()


def test_every_address_of_the_picture_is_the_checking_view(story):
    for url in addresses(story):
        assert url.startswith("/practices/pictures/")
        assert settings.MEDIA_URL not in url


def test_the_published_story_page_links_its_picture_through_the_view(story, client):
    publish(story)
    html = client.get(story.url).content.decode()

    linked = set(re.findall(r'(?:src|srcset)="([^" ]+)', html))
    pictures = [url for url in linked if "member-" in url]
    assert pictures, "the story shows its picture"
    assert all(url.startswith("/practices/pictures/images/member-") for url in pictures)
    assert all(client.get(url).status_code == 200 for url in pictures)


def test_editors_pictures_stay_ordinary_public_media(practice):
    image = get_image_model().objects.create(
        title="A river", file=ContentFile(png((20, 20)), name="river.png")
    )
    assert image.file.url.startswith(settings.MEDIA_URL)
    assert (Path(settings.MEDIA_ROOT) / image.file.name).exists()


# Who sees it ----------------------------------------------------------------------------------


def test_while_in_review_only_the_member_and_the_editors_see_it(
    story, member, editor, client, home_page
):
    urls = addresses(story)
    assert answers(signed_in(member), urls) == {200}
    assert answers(signed_in(editor), urls) == {200}

    assert answers(client, urls) == {404}
    assert answers(signed_in(make_member(name="Another Member")), urls) == {404}
    # Hosts use the admin for gatherings; members' drafts are not theirs to see.
    assert answers(signed_in(make_host()), urls) == {404}


def test_once_published_anyone_sees_it_and_shared_caches_may_keep_it_briefly(story, client):
    publish(story)

    for url in addresses(story):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert b"".join(response.streaming_content)[8:12] == b"WEBP"
        assert "public" in response["Cache-Control"]
        assert "max-age=300" in response["Cache-Control"]


def test_once_unpublished_it_is_hidden_again_on_the_next_request(story, member, client):
    publish(story)
    urls = addresses(story)
    assert answers(client, urls) == {200}

    story.unpublish()

    assert answers(client, urls) == {404}
    assert answers(signed_in(make_member(name="Another Member")), urls) == {404}
    assert answers(signed_in(member), urls) == {200}


def test_in_a_members_only_section_it_follows_the_section(story, client):
    publish(story)
    PageViewRestriction.objects.create(
        page=story.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    urls = addresses(story)

    assert answers(client, urls) == {404}
    reader = signed_in(make_member(name="Another Member"))
    assert answers(reader, urls) == {200}
    # Not public, so never kept by a shared cache.
    response = reader.get(urls[0])
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_browser_copy_is_confirmed_only_to_those_who_may_see_it(story, member, client):
    url = addresses(story)[0]
    etag = signed_in(member).get(url)["ETag"]

    assert signed_in(member).get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_addresses_that_are_not_a_members_picture_answer_404(story, member, practice):
    reader = signed_in(member)
    editors_image = get_image_model().objects.create(
        title="A river", file=ContentFile(png((20, 20)), name="river.png")
    )
    for name in (
        editors_image.file.name,  # public media is not served here
        "original_images/member-0000.webp",  # no such picture
        "../settings.py",
        "original_images/../../member-x.webp",
    ):
        assert reader.get(reverse("practices:picture", args=[name])).status_code == 404


def test_the_picture_can_only_be_read(story, member):
    url = addresses(story)[0]
    assert signed_in(member).post(url).status_code == 405
    assert signed_in(member).head(url).status_code == 200


def test_behind_a_password_a_visitor_who_gave_it_sees_it_but_no_shared_cache_keeps_it(
    story, client
):
    publish(story)
    section = story.get_parent()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="kettle"
    )
    url = addresses(story)[0]
    assert client.get(url).status_code == 404

    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{section.pk}/",
        {"password": "kettle", "return_url": "/"},
    )

    response = client.get(url)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
