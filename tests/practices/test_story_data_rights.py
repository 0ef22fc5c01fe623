"""A member's stories in their data download, and what deleting their account does to them:
drafts always go; published stories stay as by "a former member" only if they choose."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Revision, TaskState

from members.data_rights import delete_account
from members.models import User
from practices.models import PracticePage, StoryAuthor, StoryPage
from practices.submissions import submit_story, suggest_practice
from tests.conftest import sign_in

from ..conftest import signed_in
from .factories import make_library, make_practice, make_story

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def cafe(home_page):
    make_library(home_page)
    return make_practice("World Cafe")


def story_data(title, *practices):
    return {
        "title": title,
        "summary": f"{title}, in a sentence.",
        "situation": "A stuck system.",
        "what_we_did": "We met.",
        "practices": list(practices),
        "what_happened": "Things moved.",
        "what_we_learned": "Go slowly.",
    }


def png():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "teal").save(out, format="PNG")
    return SimpleUploadedFile("tea.png", out.getvalue(), content_type="image/png")


def published(story, editor):
    task_state = TaskState.objects.for_instance(story).get(status=TaskState.STATUS_IN_PROGRESS)
    task_state.approve(user=editor)
    return StoryPage.objects.get(pk=story.pk)


@pytest.fixture
def stories(member, editor, cafe):
    """The member's published story (with an image), and one still in review."""
    live = submit_story(member, story_data("Tea in Kirklees", cafe), image=png())
    live = published(live, editor)
    in_review = submit_story(member, story_data("Damp walls in Leeds", cafe))
    return live, in_review


def revisions_mention(page, user_pk):
    for revision in Revision.objects.for_instance(page):
        content = revision.content
        if user_pk in (content.get("owner"), content.get("submitted_by")):
            return True
        if any(author.get("member") == user_pk for author in content.get("authors", [])):
            return True
    return False


def test_keeping_published_stories_shows_them_as_by_a_former_member(client, member, stories):
    live, in_review = stories
    image_file = live.image.file.name
    member_pk = member.pk
    assert revisions_mention(live, member_pk)

    delete_account(member, keep_published=True)

    assert not User.objects.filter(pk=member.pk).exists()
    assert not StoryPage.objects.filter(pk=in_review.pk).exists()
    story = StoryPage.objects.get(pk=live.pk)
    assert story.live
    assert story.submitted_by is None
    [author] = story.authors.all()
    assert author.member is None
    assert author.display_name == "A former member"
    assert not revisions_mention(story, member_pk)
    assert story.image is not None
    assert default_storage.exists(image_file)
    assert client.get(f"/practices/{story.slug}/").status_code == 200


def test_not_keeping_published_stories_deletes_them_and_their_images(
    client, member, stories, django_capture_on_commit_callbacks
):
    live, in_review = stories
    image_file = live.image.file.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member, keep_published=False)

    assert not StoryPage.objects.filter(pk__in=[live.pk, in_review.pk]).exists()
    assert not get_image_model().objects.exists()
    assert not default_storage.exists(image_file)
    assert client.get(f"/practices/{live.slug}/").status_code == 404
    assert "Tea in Kirklees" not in client.get(reverse("practices:feed")).content.decode()


def test_a_story_written_with_others_stays_for_them(member, other_member, cafe):
    shared = make_story("Written together", practices=[cafe])
    StoryAuthor.objects.create(story=shared, member=member, sort_order=0)
    StoryAuthor.objects.create(story=shared, member=other_member, sort_order=1)

    delete_account(member, keep_published=False)

    story = StoryPage.objects.get(pk=shared.pk)
    assert story.live
    assert [author.member for author in story.authors.all()] == [other_member]


def test_deleting_an_account_through_the_page_honours_the_choice(client, member, stories):
    live, _ = stories
    sign_in(client, member)
    client.post(reverse("members:delete_account"), {"password": PASSWORD, "keep_published": "on"})
    assert not User.objects.filter(pk=member.pk).exists()
    assert StoryPage.objects.get(pk=live.pk).authors.get().display_name == "A former member"


def test_a_suggested_practice_in_review_goes_and_a_published_one_stays(member, editor, cafe):
    draft = suggest_practice(
        member, {"title": "Kitchen Table Talk", "summary": "Tea.", "makes_possible": "Talk."}
    )
    kept = suggest_practice(
        member, {"title": "Walk and Talk", "summary": "Walk.", "makes_possible": "Talk."}
    )
    TaskState.objects.for_instance(kept).get(status="in_progress").approve(user=editor)
    member_pk = member.pk

    delete_account(member, keep_published=False)

    assert not PracticePage.objects.filter(pk=draft.pk).exists()
    practice = PracticePage.objects.get(pk=kept.pk)
    assert practice.live
    assert practice.owner is None
    assert not revisions_mention(practice, member_pk)


def test_other_members_stories_are_untouched(member, other_member, cafe):
    theirs = submit_story(other_member, story_data("Not mine", cafe))
    delete_account(member, keep_published=False)
    assert StoryPage.objects.get(pk=theirs.pk).submitted_by == other_member


def test_the_download_lists_each_story_with_where_it_stands(member, stories):
    response = signed_in(member).get(reverse("members:download_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    exported = {entry["title"]: entry for entry in json.loads(archive.read("stories.json"))}
    assert exported["Tea in Kirklees"]["status"] == "published"
    assert exported["Tea in Kirklees"]["address"].endswith("/practices/tea-in-kirklees/")
    assert exported["Tea in Kirklees"]["practices"] == [
        {"practice": "World Cafe", "adaptation": ""}
    ]
    assert exported["Damp walls in Leeds"]["status"] == "in review"
    assert exported["Damp walls in Leeds"]["address"] is None
    assert any(name.startswith("images/story-") for name in archive.namelist())
    assert "stories.json: The stories you shared" in archive.read("README.txt").decode()


def test_another_members_download_has_none_of_them(other_member, stories):
    response = signed_in(other_member).get(reverse("members:download_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("stories.json")) == []
