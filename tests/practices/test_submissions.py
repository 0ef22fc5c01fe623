"""Members share stories and suggest practices; editors publish them or send them back; nothing
a member submits is seen by anyone else before an editor publishes it."""

import io
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import TaskState, WorkflowState

import practices.signals  # noqa: F401 (connected in PracticesConfig.ready())
from practices.models import PracticePage, StoryPage
from practices.sanitise import clean_member_html, text_to_html
from practices.submissions import (
    MEMBER_UPLOADS,
    SubmissionRefused,
    steps_from_text,
    submit_story,
)

from ..conftest import signed_in
from .factories import make_library, make_practice, make_story

pytestmark = pytest.mark.django_db

SHARE = reverse("practices:submit_story")
SUGGEST = reverse("practices:suggest_practice")
THANKS = (
    "Thank you: your story is with the editors. Nothing is public until an editor publishes it."
)


@pytest.fixture
def library(home_page):
    return make_library(home_page)


@pytest.fixture
def cafe(library):
    return make_practice("World Cafe", slug="world-cafe")


@pytest.fixture
def troika(library):
    return make_practice("Troika Consulting", slug="troika-consulting")


def story_form(*practices, **changes):
    data = {
        "title": "Kitchen tables in Kirklees",
        "summary": "We held a World Cafe with tenants and housing officers.",
        "situation": "Tenants and officers had stopped talking.\n\n"
        "Nobody trusted the repairs list.",
        "what_we_did": "We met in the community centre kitchen.",
        "practices": [practice.pk for practice in practices],
        "adaptation": "We used kitchen tables and tea instead of cafe tables.",
        "what_happened": "Officers heard what damp does to a family.",
        "what_we_learned": "Start with the kettle on.",
        "do_differently": "",
        "place": "Kirklees",
        "competencies": ["S9"],
        "value_cycle": "applied",
        "value_evidence": "The repairs list was rewritten with tenants.",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def picture(fmt="PNG", size=(40, 30), exif=None):
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, "teal").save(out, format=fmt, **options)
    return out.getvalue()


def share(client, *practices, capture=None, **changes):
    if capture is None:
        return client.post(SHARE, story_form(*practices, **changes))
    with capture(execute=True):
        return client.post(SHARE, story_form(*practices, **changes))


def to(user):
    return [email for email in mail.outbox if email.to == [user.email]]


def nothing_was_created():
    return not StoryPage.objects.exists() and not get_image_model().objects.exists()


# Sharing ----------------------------------------------------------------------------------


def test_a_verified_member_shares_a_story_that_waits_for_the_editors(
    member_client, member, cafe, troika, django_capture_on_commit_callbacks
):
    response = share(member_client, cafe, troika, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("members:dashboard")
    story = StoryPage.objects.get()
    assert not story.live
    assert story.first_published_at is None
    assert story.submitted_by == member
    assert story.owner == member
    assert [author.member for author in story.authors.all()] == [member]
    uses = story.practices_used.order_by("practice__title")
    assert [use.practice for use in uses] == [troika, cafe]
    assert all(use.adaptation.startswith("We used kitchen tables") for use in uses)
    assert [c.code for c in story.competencies.all()] == ["S9"]
    assert [(v.cycle, v.evidence) for v in story.value_created.all()] == [
        ("applied", "The repairs list was rewritten with tenants.")
    ]
    assert story.situation == (
        "<p>Tenants and officers had stopped talking.</p><p>Nobody trusted the repairs list.</p>"
    )
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    [received] = to(member)
    assert "Kitchen tables in Kirklees" in received.subject
    assert "Nothing is public until an editor publishes it" in received.body


def test_the_thank_you_says_nothing_is_public_yet(member_client, cafe):
    response = member_client.post(SHARE, story_form(cafe), follow=True)
    assert THANKS in response.content.decode()


def test_the_editors_are_told_a_story_is_waiting(
    member_client, editor, cafe, django_capture_on_commit_callbacks
):
    share(member_client, cafe, capture=django_capture_on_commit_callbacks)
    assert to(editor), "Wagtail emails the approvers of the moderation task"


def test_a_story_image_is_re_encoded_without_its_location_and_kept_in_member_uploads(
    member_client, cafe
):
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    upload = SimpleUploadedFile(
        "jane-at-home.jpg", picture("JPEG", exif=exif), content_type="image/jpeg"
    )
    share(member_client, cafe, image=upload, image_description="Tea cups on a table")

    image = StoryPage.objects.get().image
    assert image.collection.name == MEMBER_UPLOADS
    assert image.title == "Kitchen tables in Kirklees"
    assert image.description == "Tea cups on a table"
    with image.file.open() as stored, Image.open(stored) as decoded:
        assert decoded.format == "WEBP"
        assert not decoded.getexif()
    assert "jane" not in image.file.name, "a draft's image cannot be guessed"


def test_an_image_needs_a_description(member_client, cafe):
    upload = SimpleUploadedFile("me.png", picture(), content_type="image/png")
    response = share(member_client, cafe, image=upload)
    assert "Describe the image for people who cannot see it." in response.content.decode()
    assert nothing_was_created()


def test_a_visitor_is_sent_to_sign_in_and_nothing_is_created(client, cafe):
    response = client.post(SHARE, story_form(cafe))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert nothing_was_created()


def test_an_unverified_account_is_refused_and_nothing_is_created(unverified, cafe):
    response = signed_in(unverified).post(SHARE, story_form(cafe))
    assert response.status_code != 302 or "/me/" not in response.url
    assert "verif" in response.content.decode().lower()
    assert nothing_was_created()


def test_the_service_refuses_an_unverified_account(unverified, cafe):
    data = story_form(cafe)
    data["practices"] = [cafe]
    with pytest.raises(SubmissionRefused):
        submit_story(unverified, data)
    assert nothing_was_created()


def test_script_is_never_stored_and_javascript_links_never_become_links(member_client, cafe):
    share(
        member_client,
        cafe,
        situation='<script>alert("x")</script> Click <a href="javascript:alert(1)">here</a>',
        what_we_did='<img src=x onerror="alert(1)"> we met',
    )
    story = StoryPage.objects.get()
    for html in (story.situation, story.what_we_did):
        assert "<script" not in html
        assert "<img" not in html
        assert "<a " not in html
    assert "&lt;script&gt;" in story.situation, "what the member typed is shown, not run"


def test_member_html_keeps_the_allowlist_and_drops_the_rest():
    html = (
        '<p onclick="steal()">Hello <strong>there</strong> <em>friend</em>'
        "<script>alert(1)</script><style>p{}</style>"
        '<a href="javascript:alert(1)">bad</a> '
        '<a href="https://example.org" target="_blank">good</a>'
        '<iframe src="https://evil.example"></iframe></p><ul><li>one</li></ul>'
    )
    cleaned = clean_member_html(html)
    assert "<script" not in cleaned
    assert "alert" not in cleaned
    assert "javascript:" not in cleaned
    assert "onclick" not in cleaned
    assert "<iframe" not in cleaned
    assert "target" not in cleaned
    assert '<a href="https://example.org" rel="nofollow noopener">good</a>' in cleaned
    assert "<strong>there</strong> <em>friend</em>" in cleaned
    assert "<ul><li>one</li></ul>" in cleaned


def test_plain_text_becomes_paragraphs_with_links():
    html = text_to_html("First line\nsecond line\n\nSee https://example.org & more <b>")
    assert html == (
        "<p>First line<br/>second line</p>"
        '<p>See <a href="https://example.org" rel="nofollow noopener">https://example.org</a>'
        " &amp; more &lt;b&gt;</p>"
    )


def test_a_missing_section_is_named_and_nothing_is_created(member_client, cafe):
    response = share(member_client, cafe, what_we_learned="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please check the form: nothing has been shared yet." in page
    assert "This field is required." in page
    assert nothing_was_created()


def test_a_story_must_use_a_practice_from_the_library(member_client, cafe):
    response = member_client.post(SHARE, story_form(practices=[]))
    assert "Choose at least one practice you used." in response.content.decode()
    assert nothing_was_created()


def test_a_draft_practice_cannot_be_chosen(member_client, library):
    draft = make_practice("Unpublished method", live=False)
    response = member_client.post(SHARE, story_form(draft))
    assert "Unpublished method" not in response.content.decode()
    assert nothing_was_created()


def test_consent_is_required(member_client, cafe):
    response = share(member_client, cafe, consent=None)
    assert "Please confirm you may share this story." in response.content.decode()
    assert nothing_was_created()


def test_an_oversized_image_is_refused_and_nothing_is_created(member_client, cafe):
    huge = SimpleUploadedFile("big.png", picture() + b"\0" * (5 * 1024 * 1024), "image/png")
    response = share(member_client, cafe, image=huge, image_description="Big")
    assert "larger than 5 MB" in response.content.decode()
    assert nothing_was_created()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_created(member_client, cafe):
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'hello'; ?>", content_type="image/jpeg")
    response = share(member_client, cafe, image=fake, image_description="A photo")
    assert "not an image we can read" in response.content.decode()
    assert nothing_was_created()


def test_a_gif_is_refused(member_client, cafe):
    gif = SimpleUploadedFile("moving.gif", picture("GIF"), content_type="image/gif")
    response = share(member_client, cafe, image=gif, image_description="A gif")
    assert "Please upload a JPEG, PNG or WebP image." in response.content.decode()
    assert nothing_was_created()


def test_the_form_shows_the_live_practices_to_choose(member_client, cafe, troika):
    page = member_client.get(SHARE).content.decode()
    assert "World Cafe" in page
    assert "Troika Consulting" in page
    assert 'enctype="multipart/form-data"' in page


# Nobody else sees a story in review -------------------------------------------------------


@pytest.fixture
def in_review(member_client, cafe):
    share(member_client, cafe, title="Kettles and damp walls in Kirklees")
    return StoryPage.objects.get()


def test_a_story_in_review_is_not_in_the_library_listing(client, other_client, in_review, cafe):
    make_story("A published story", practices=[cafe])
    for viewer in (client, other_client):
        listing = viewer.get("/practices/?show=stories")
        assert listing.status_code == 200
        assert "A published story" in listing.content.decode()
        assert "Kettles and damp walls" not in listing.content.decode()


def test_a_story_in_review_is_not_found_by_search(other_client, in_review, cafe):
    make_story("Damp walls in Leeds", practices=[cafe])
    found = [page.title for page in StoryPage.objects.live().public().search("damp")]
    assert found == ["Damp walls in Leeds"]
    results = other_client.get("/practices/?show=stories&q=damp").content.decode()
    assert "Damp walls in Leeds" in results
    assert "Kettles and damp walls" not in results


def test_a_story_in_review_is_not_in_the_feeds(client, in_review, cafe):
    make_story("A published story", practices=[cafe])
    for address in (reverse("practices:feed"), reverse("practices:atom_feed")):
        feed = client.get(address).content.decode()
        assert "A published story" in feed
        assert "Kettles and damp walls" not in feed


def test_a_story_in_review_is_not_in_the_sitemap(client, in_review, cafe):
    make_story("A published story", slug="a-published-story", practices=[cafe])
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/practices/a-published-story/" in sitemap
    assert in_review.slug not in sitemap


def test_a_story_in_review_is_not_found_at_its_address(client, other_client, in_review):
    assert other_client.get(f"/practices/{in_review.slug}/").status_code == 404
    assert client.get(f"/practices/{in_review.slug}/").status_code == 404


def test_a_story_in_review_does_not_appear_on_its_practice_page(other_client, in_review, cafe):
    page = other_client.get(cafe.url).content.decode()
    assert "Kettles and damp walls" not in page


# Editors publish or send back -------------------------------------------------------------


def act(editor_client, story, action, comment=""):
    task_state = TaskState.objects.for_instance(story).get(status=TaskState.STATUS_IN_PROGRESS)
    url = reverse("wagtailadmin_pages:workflow_action", args=(story.pk, action, task_state.pk))
    return editor_client.post(url, {"comment": comment})


def test_an_editor_approves_a_story_and_its_author_is_told(
    editor_client, member, in_review, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(editor_client, in_review, "approve")

    story = StoryPage.objects.get()
    assert story.live
    assert story.first_published_at is not None
    assert client.get(f"/practices/{story.slug}/").status_code == 200
    [published] = to(member)
    assert "is published" in published.subject
    assert f"/practices/{story.slug}/" in published.body


def test_republishing_does_not_email_the_author_again(
    editor_client, member, in_review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(editor_client, in_review, "approve")
    mail.outbox.clear()
    story = StoryPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert not to(member)


def test_an_editor_sends_a_story_back_with_a_comment_the_author_sees(
    editor_client, member, member_client, in_review, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    comment = "Could you leave out the councillor's name?"
    with django_capture_on_commit_callbacks(execute=True):
        act(editor_client, in_review, "reject", comment)

    story = StoryPage.objects.get()
    assert not story.live
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [sent_back] = to(member)
    assert comment in sent_back.body
    assert all("admin" not in email.body for email in to(member))
    dashboard = member_client.get(reverse("members:dashboard")).content.decode()
    assert "Kettles and damp walls in Kirklees" in dashboard
    assert "sent back" in dashboard
    assert "Could you leave out the councillor&#x27;s name?" in dashboard


def test_a_member_without_editing_rights_cannot_approve(other_client, in_review):
    response = act(other_client, in_review, "approve")
    assert response.status_code in (302, 403)
    assert not StoryPage.objects.get().live


def test_the_dashboard_shows_where_each_story_stands(member_client, in_review):
    dashboard = member_client.get(reverse("members:dashboard")).content.decode()
    assert "Your stories and suggestions" in dashboard
    assert "Kettles and damp walls in Kirklees" in dashboard
    assert "in review" in dashboard


def test_another_members_dashboard_does_not_show_the_story(other_client, in_review):
    dashboard = other_client.get(reverse("members:dashboard")).content.decode()
    assert "Kettles and damp walls" not in dashboard


# Suggesting a practice --------------------------------------------------------------------


def suggestion_form(**changes):
    data = {
        "title": "Kitchen Table Talk",
        "summary": "Small conversations over tea that open up a stuck system.",
        "makes_possible": "People who never meet hear each other.",
        "when_to_use": "When a formal meeting would shut people down.",
        "steps": "1. Put the kettle on: make tea for everyone\n2) Ask one question\n\n- Listen",
        "originators": "Tenants in Kirklees",
        "key_sources": "https://example.org/kitchen-tables",
    }
    data.update(changes)
    return data


def test_a_member_suggests_a_practice_that_waits_for_the_editors(
    member_client, member, library, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(SUGGEST, suggestion_form())
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    assert not practice.live
    assert practice.owner == member
    assert practice.makes_possible == "<p>People who never meet hear each other.</p>"
    assert 'href="https://example.org/kitchen-tables"' in practice.key_sources
    [phase] = practice.steps
    assert [(step["title"], step["description"]) for step in phase.value["steps"]] == [
        ("Put the kettle on", "make tea for everyone"),
        ("Step 2", "Ask one question"),
        ("Step 3", "Listen"),
    ]
    assert WorkflowState.objects.for_instance(practice).get().status == "in_progress"
    [received] = to(member)
    assert "Kitchen Table Talk" in received.subject
    dashboard = member_client.get(reverse("members:dashboard")).content.decode()
    assert "Kitchen Table Talk" in dashboard


def test_a_suggested_practice_is_not_public_until_published(
    member_client, client, library, editor_client, member, django_capture_on_commit_callbacks
):
    member_client.post(SUGGEST, suggestion_form(steps=""))
    practice = PracticePage.objects.get()
    assert client.get(f"/practices/{practice.slug}/").status_code == 404
    assert "Kitchen Table Talk" not in client.get(reverse("practices:feed")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(editor_client, practice, "approve")
    assert client.get(f"/practices/{practice.slug}/").status_code == 200
    [published] = to(member)
    assert "Your practice" in published.subject


def test_a_suggestion_needs_what_it_makes_possible(member_client, library):
    response = member_client.post(SUGGEST, suggestion_form(makes_possible=""))
    assert "This field is required." in response.content.decode()
    assert not PracticePage.objects.exists()


def test_a_visitor_cannot_suggest_a_practice(client, library):
    response = client.post(SUGGEST, suggestion_form())
    assert response.url.startswith(reverse("account_login"))
    assert not PracticePage.objects.exists()


def test_steps_without_numbers_or_names_still_become_steps():
    [phase] = steps_from_text("Gather\n\n  3. Decide  ")
    assert [step["title"] for step in phase["value"]["steps"]] == ["Step 1", "Step 2"]
    assert steps_from_text("   \n") == []


def test_a_slug_that_a_view_uses_is_never_taken(member_client, cafe):
    share(member_client, cafe, title="Feed")
    assert StoryPage.objects.get().slug == "feed-2"


def test_a_story_an_editor_publishes_for_a_member_without_moderation_sends_nothing(
    member, cafe, django_capture_on_commit_callbacks
):
    story = make_story("Entered by an editor", practices=[cafe], live=False)
    story.submitted_by = member
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert not to(member)


def test_sharing_is_limited_per_day(member_client, member, cafe, monkeypatch):
    monkeypatch.setattr("practices.submissions.PER_DAY", 2)
    share(member_client, cafe, title="First")
    member_client.post(SUGGEST, suggestion_form())
    response = member_client.post(SHARE, story_form(cafe, title="Third"), follow=True)
    assert "Please try again tomorrow." in response.content.decode()
    assert list(StoryPage.objects.values_list("title", flat=True)) == ["First"]


# The admin's edit page for a story in review ------------------------------------------------


class FormFields(HTMLParser):
    """What a browser would send from the admin's edit form, as it stands."""

    def __init__(self):
        super().__init__()
        self.data = []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self.textarea:
            self.data[-1] = (self.textarea, self.data[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def footer_actions(html):
    start = html.index('aria-label="Actions (footer)"')
    return html[start : html.index("</nav>", start)]


def test_for_a_story_in_review_approving_is_the_editors_main_action(editor_client, in_review):
    actions = footer_actions(editor_client.get(edit_url(in_review)).content.decode())

    main = actions[: actions.index('data-controller="w-dropdown"')]
    assert 'data-workflow-action-name="approve"' in main
    assert "Approve and Publish" in main
    assert "Save draft" in actions
    assert 'name="action-publish"' not in actions


def test_a_page_not_in_review_keeps_its_publish_button(editor_client, cafe):
    actions = footer_actions(editor_client.get(edit_url(cafe)).content.decode())

    assert 'name="action-publish"' in actions
    assert 'data-workflow-action-name="approve"' not in actions


def test_approving_a_story_from_its_edit_page_says_it_was_published(
    editor_client, in_review, django_capture_on_commit_callbacks
):
    form = FormFields()
    form.feed(editor_client.get(edit_url(in_review)).content.decode())
    data = {}
    for name, value in form.data:
        data.setdefault(name, []).append(value)
    data["action-workflow-action"] = ["true"]
    data["workflow-action-name"] = ["approve"]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(in_review), data, follow=True)

    story = StoryPage.objects.get()
    assert story.live
    said = [unescape(str(message)).strip() for message in response.context["messages"]]
    assert f"Page '{story.title}' has been approved and published." in said
    assert not any("has been updated" in message for message in said)
