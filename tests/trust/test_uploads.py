"""Trust (#8), sections 5 and 2: files people upload.

Every place a file comes in (a member's avatar, the image of a story a member shares, an image an
editor adds in the Wagtail admin) refuses what is not a plain picture of a sane size before
decoding it, with a message and nothing stored; what is stored has no location data and a
random name; and a member's picture is served only to people who may see their profile.
"""

import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from wagtail.images import get_image_model
from wagtail.models import Collection

from members.avatars import prepare_avatar
from members.models import Block, Profile
from members.visibility import Visibility
from practices.models import StoryPage
from tests.factories import make_member
from tests.practices.factories import make_library, make_practice

from ..conftest import signed_in

pytestmark = pytest.mark.django_db

SECTION_INPUT = "5. Bad input"
SECTION_CANARIES = "2. Side channels (canaries)"
# The name a careless upload might carry: it must never reach a stored path or an address.
TELLING_NAME = "jane-doe-home-address"
LATITUDE = (51.0, 30.0, 12.5)


# Files -------------------------------------------------------------------------------------


def picture(fmt="PNG", size=(40, 30), **options) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "teal").save(out, format=fmt, **options)
    return out.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 14.0, 30.0)
    return exif.tobytes()


def jpeg_with_location() -> bytes:
    data = picture("JPEG", exif=gps_exif())
    with Image.open(BytesIO(data)) as check:  # the fixture itself must carry what we strip
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude]
    return data


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width, height) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels: a pixel bomb, if decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def png_with_script_chunk() -> bytes:
    """A valid PNG carrying an HTML payload in a text chunk, before its end."""
    data = picture("PNG")
    end = data.rindex(b"IEND") - 4
    script = png_chunk(b"tEXt", b"Comment\x00<script>alert('png')</script>")
    return data[:end] + script + data[end:]


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert('svg')</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert('html')</script></body></html>"
# Valid enough for a GIF reader and for a JavaScript engine at once.
GIF_JS_POLYGLOT = (
    b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00"
    b";*/=alert('gif');"
)
TOO_BIG = 5 * 1024 * 1024 + 1


def oversized_png() -> bytes:
    data = picture("PNG")
    return data + b"\x00" * (TOO_BIG - len(data))


# What must be refused, with the words the member is told (any of them).
REFUSED = {
    "html renamed .jpg": ("page.jpg", HTML, "image/jpeg"),
    "svg renamed .png": ("drawing.png", SVG, "image/png"),
    "svg as itself": ("drawing.svg", SVG, "image/svg+xml"),
    "gif/javascript polyglot": ("anim.gif", GIF_JS_POLYGLOT, "image/gif"),
    "empty file": ("empty.png", b"", "image/png"),
    "truncated jpeg": ("cut.jpg", picture("JPEG", size=(200, 200))[:300], "image/jpeg"),
    "png header then garbage": ("junk.png", b"\x89PNG\r\n\x1a\n" + b"\xff" * 500, "image/png"),
    "pixel bomb over our limit": ("bomb.png", png_declaring(7_000, 7_000), "image/png"),
    "pixel bomb over pillow's limit": ("huge.png", png_declaring(100_000, 100_000), "image/png"),
    "oversized file": ("big.png", oversized_png(), "image/png"),
}
# Valid pictures carrying something else: accepted only re-encoded, without the payload.
POLYGLOTS = {
    "jpeg with html appended": picture("JPEG") + HTML,
    "png with script in a text chunk": png_with_script_chunk(),
    "png with html appended": picture("PNG") + HTML,
}


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files() -> set[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(storages["private"].location)]
    return {path for root in roots for path in root.rglob("*") if path.is_file()}


# The places files come in ------------------------------------------------------------------


@pytest.fixture
def uploader(db):
    return make_member(name="Jane Doe", visibility=Visibility.MEMBERS)


def profile_form(**changes):
    return {
        "display_name": "Jane Doe",
        "time_zone": "Europe/London",
        "visibility": "members",
        "contact_visibility": "members",
        "organisation_visibility": "members",
        "lived_experience_visibility": "private",
        **changes,
    }


@pytest.fixture
def practice(home_page):
    make_library(home_page)
    return make_practice("World Cafe", slug="world-cafe")


def story_form(practice, **changes):
    return {
        "title": "Kitchen tables in Kirklees",
        "summary": "We held a World Cafe with tenants and housing officers.",
        "situation": "Tenants and officers had stopped talking.",
        "what_we_did": "We met in the community centre kitchen.",
        "practices": [practice.pk],
        "what_happened": "Officers heard what damp does to a family.",
        "what_we_learned": "Start with the kettle on.",
        "image_description": "A kitchen table with cups of tea.",
        "consent": "on",
        **changes,
    }


class Place:
    def accepted(self, response):
        return response.status_code == 302

    def refused(self, response):
        return response.status_code == 200


class Avatar(Place):
    name = "member avatar"

    def __init__(self, uploader, practice=None):
        self.uploader = uploader
        self.client = signed_in(uploader)

    def post(self, file):
        return self.client.post("/me/profile/", profile_form(avatar=file))

    def stored(self):
        profile = Profile.objects.get(user=self.uploader)
        return profile.avatar or None

    def rows(self):
        return int(bool(Profile.objects.get(user=self.uploader).avatar))


class StoryImage(Place):
    name = "story image"

    def __init__(self, uploader, practice):
        self.uploader = uploader
        self.practice = practice
        self.client = signed_in(uploader)

    def post(self, file):
        return self.client.post("/practices/share-a-story/", story_form(self.practice, image=file))

    def stored(self):
        story = StoryPage.objects.filter(submitted_by=self.uploader).first()
        return story.image.file if story and story.image else None

    def rows(self):
        stories = StoryPage.objects.filter(submitted_by=self.uploader).count()
        return stories + get_image_model().objects.count()


class EditorImage(Place):
    name = "wagtail image (editor)"

    def __init__(self, uploader, practice=None):
        from tests.factories import make_staff

        self.client = signed_in(make_staff(group="Editors", name="Edie Editor"))

    def post(self, file):
        root = Collection.get_first_root_node()
        return self.client.post(
            "/admin/images/add/", {"title": "A picture", "file": file, "collection": root.pk}
        )

    def stored(self):
        image = get_image_model().objects.order_by("-pk").first()
        return image.file if image else None

    def rows(self):
        return get_image_model().objects.count()


class EditorImages(EditorImage):
    """The admin's usual way in: several files dropped at once, answered in JSON."""

    name = "wagtail multiple upload (editor)"

    def post(self, file):
        root = Collection.get_first_root_node()
        return self.client.post(
            "/admin/images/multiple/add/", {"files[]": file, "collection": root.pk}
        )

    def accepted(self, response):
        return response.status_code == 200 and response.json()["success"]

    def refused(self, response):
        return response.status_code == 200 and response.json()["success"] is False


PLACES = [Avatar, StoryImage, EditorImage, EditorImages]


@pytest.fixture(params=PLACES, ids=lambda place: place.name)
def place(request, uploader, practice):
    return request.param(uploader, practice)


# 1. Refused before decoding ----------------------------------------------------------------


MESSAGES = (
    "not an image we can read",
    "JPEG, PNG or WebP",
    "too many pixels",
    "larger than 5 MB",
    "The submitted file is empty",
    # Wagtail's own words, in the admin
    "Not a supported image format",
    "Not a valid",
    "too big",
    "Upload a valid image",
)


def test_a_file_that_is_not_a_sane_picture_is_refused_with_a_message_and_nothing_kept(
    place, trust_figures
):
    # One test per place, every case in turn: the fixtures are made once, not thirty times.
    failures = []
    for case, (name, data, content_type) in REFUSED.items():
        files_before, rows_before = stored_files(), place.rows()

        response = place.post(upload(name, data, content_type))

        page = response.content.decode()
        told = place.refused(response) and any(words in page for words in MESSAGES)
        nothing_kept = stored_files() == files_before and place.rows() == rows_before
        if not (told and nothing_kept):
            failures.append((case, response.status_code, told, nothing_kept))
    trust_figures.record(
        SECTION_INPUT,
        "upload cases refused with a message, nothing stored",
        passed=len(REFUSED) - len(failures),
        attempted=len(REFUSED),
        detail=place.name,
    )
    assert not failures


def test_a_pixel_bomb_is_refused_from_its_header_without_decoding(uploader):
    # A PNG declaring 49 million pixels, whose data would inflate to ~150 MB: refused on the
    # header alone (the check raises before Pillow is asked to load a single row).
    bomb = upload("bomb.png", png_declaring(7_000, 7_000))

    with pytest.raises(ValidationError, match="too many pixels"):
        prepare_avatar(bomb)


def test_wagtail_limits_for_editors_are_set_sensibly():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 50_000_000
    assert "svg" not in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", ["avif", "gif", "jpg"])


@pytest.mark.parametrize("case", list(POLYGLOTS))
def test_a_polyglot_is_stored_only_as_a_clean_re_encoded_picture(
    uploader, practice, case, trust_figures
):
    clean = []
    for place in (Avatar(uploader), StoryImage(uploader, practice)):
        place.post(upload("holiday.png", POLYGLOTS[case]))
        stored = place.stored()
        assert stored is not None, f"{place.name} refused a valid picture"
        with stored.open("rb") as kept:
            data = kept.read()
        clean.append(b"<script" not in data and b"<html" not in data and data[8:12] == b"WEBP")
    trust_figures.record(
        SECTION_INPUT,
        "upload cases refused with a message, nothing stored",
        passed=sum(clean),
        attempted=len(clean),
        detail=f"polyglot re-encoded: {case}",
    )
    assert all(clean)


# 2 and 3. No location, no telling name ------------------------------------------------------


def location_of(stored) -> object:
    with stored.open("rb") as kept, Image.open(kept) as image:
        exif = image.getexif()
        return exif.get_ifd(ExifTags.IFD.GPSInfo) or None


def test_stored_originals_keep_no_location_and_no_uploaded_name(place, trust_figures):
    response = place.post(upload(f"{TELLING_NAME}.jpg", jpeg_with_location(), "image/jpeg"))
    assert place.accepted(response), response.content.decode()[:2000]

    stored = place.stored()
    no_location = location_of(stored) is None
    with stored.open("rb") as kept:
        no_camera = b"PhoneMaker" not in kept.read()
    random_name = TELLING_NAME not in stored.name and "jane" not in stored.name.lower()
    trust_figures.record(
        SECTION_INPUT,
        "stored uploads without location data",
        passed=int(no_location and no_camera),
        attempted=1,
        detail=place.name,
    )
    trust_figures.record(
        SECTION_INPUT,
        "stored uploads with random names",
        passed=int(random_name),
        attempted=1,
        detail=place.name,
    )
    assert no_location
    assert no_camera
    assert random_name


def test_random_names_do_not_repeat_and_carry_128_bits(uploader):
    profile = Profile.objects.get(user=uploader)
    stored = set()
    for _ in range(3):
        profile.avatar.save(f"{TELLING_NAME}.webp", ContentFile(picture("WEBP")), save=False)
        stored.add(Path(profile.avatar.name).stem)
    assert len(stored) == 3
    assert all(len(stem) >= 22 for stem in stored)  # token_urlsafe(16)
    assert not any(TELLING_NAME in stem for stem in stored)


def test_an_editor_image_without_metadata_is_kept_byte_for_byte(uploader, practice):
    place = EditorImage(uploader)
    original = picture("PNG", size=(30, 20))
    place.post(upload(f"{TELLING_NAME}.png", original))
    stored = place.stored()
    with stored.open("rb") as kept:
        assert kept.read() == original
    assert TELLING_NAME not in stored.name


# 4. Members' pictures only for those who may see the profile -------------------------------


def with_avatar(user, **profile_fields):
    profile = Profile.objects.get(user=user)
    for field, value in profile_fields.items():
        setattr(profile, field, value)
    profile.avatar = prepare_avatar(upload("me.png", picture()))
    profile.save()
    return profile


def avatar_of(client, profile):
    return client.get(f"/members/{profile.slug}/picture/")


# Who may see a picture, by the owner's choice of who sees the profile.
EXPECTED = {
    Visibility.PUBLIC: {
        "anonymous": 200,
        "unverified": 200,
        "member": 200,
        "blocked": 404,
        "owner": 200,
        "editor": 200,
        "deactivated": 200,  # the deactivated account is a visitor now: public is public
    },
    Visibility.MEMBERS: {
        "anonymous": 404,
        "unverified": 404,
        "member": 200,
        "blocked": 404,
        "owner": 200,
        "editor": 200,
        "deactivated": 404,
    },
    Visibility.PRIVATE: {
        "anonymous": 404,
        "unverified": 404,
        "member": 404,
        "blocked": 404,
        "owner": 200,
        "editor": 404,  # editors are not staff: a hidden profile is hidden from them too
        "deactivated": 404,
    },
}


def test_a_members_picture_is_served_only_to_those_who_may_see_their_profile(
    world, uploader, trust_figures
):
    profile = with_avatar(uploader)
    blocked = make_member(name="Blocked Person")
    Block.objects.create(blocker=uploader, blocked=blocked)
    clients = {
        "anonymous": world.client("anonymous"),
        "unverified": world.client("unverified"),
        "member": world.client("member"),
        "blocked": signed_in(blocked),
        "owner": signed_in(uploader),
        "editor": world.client("editor"),
        "deactivated": world.client("deactivated"),
    }

    wrong, attempted = {}, 0
    for visibility, expected in EXPECTED.items():
        profile.visibility = visibility
        profile.save()
        for persona, client in clients.items():
            response = avatar_of(client, profile)
            attempted += 1
            # The picture follows the profile's own answer, as well as the table.
            page = client.get(f"/members/{profile.slug}/").status_code
            if response.status_code == 200:
                body = b"".join(response.streaming_content)
                assert body[8:12] == b"WEBP"
                assert "private" in response["Cache-Control"]
                assert "no-cache" in response["Cache-Control"]
            if response.status_code != expected[persona] or response.status_code != page:
                wrong[(visibility, persona)] = (response.status_code, page)
    trust_figures.record(
        SECTION_CANARIES,
        "private member pictures: persona answers as expected",
        passed=attempted - len(wrong),
        attempted=attempted,
        detail="members' avatars x visibility x persona",
    )
    assert not wrong, wrong


def test_a_picture_is_withdrawn_on_the_next_request_when_the_profile_is_hidden(uploader):
    profile = with_avatar(uploader, visibility=Visibility.MEMBERS)
    other = signed_in(make_member(name="Other Member"))
    first = avatar_of(other, profile)
    assert first.status_code == 200

    profile.visibility = Visibility.PRIVATE
    profile.save()

    # Not even a "not modified" for a browser that kept the old copy.
    again = other.get(f"/members/{profile.slug}/picture/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 404


def test_a_browser_with_a_current_copy_gets_not_modified_but_only_if_allowed(uploader, client):
    profile = with_avatar(uploader, visibility=Visibility.MEMBERS)
    other = signed_in(make_member(name="Other Member"))
    etag = avatar_of(other, profile)["ETag"]

    assert (
        other.get(f"/members/{profile.slug}/picture/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    )
    assert (
        client.get(f"/members/{profile.slug}/picture/", HTTP_IF_NONE_MATCH=etag).status_code == 404
    )


def test_a_picture_is_never_stored_where_media_is_served_in_public(uploader):
    profile = with_avatar(uploader, visibility=Visibility.MEMBERS)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    stored = Path(profile.avatar.path).resolve()

    assert media_root not in stored.parents
    assert not (media_root / profile.avatar.name).exists()


def test_profile_pages_point_to_the_checked_view_not_to_media(uploader):
    profile = with_avatar(uploader, visibility=Visibility.MEMBERS)
    owner = signed_in(uploader)
    other = signed_in(make_member(name="Other Member"))

    for page in (other.get(f"/members/{profile.slug}/"), owner.get("/me/profile/")):
        html = page.content.decode()
        assert f'src="/members/{profile.slug}/picture/"' in html
        assert profile.avatar.name not in html
        assert settings.MEDIA_URL + "avatars" not in html


def test_a_profile_without_a_picture_answers_404(uploader, client):
    profile = Profile.objects.get(user=uploader)
    assert avatar_of(signed_in(uploader), profile).status_code == 404


def test_a_picture_can_only_be_read(uploader):
    profile = with_avatar(uploader, visibility=Visibility.PUBLIC)
    owner = signed_in(uploader)
    assert owner.post(f"/members/{profile.slug}/picture/").status_code == 405
    assert owner.head(f"/members/{profile.slug}/picture/").status_code == 200


def test_a_draft_storys_image_is_not_listed_to_admin_users_who_may_not_review_it(
    world, uploader, practice, trust_figures
):
    canary = "canary-draft-image-7f3a"
    StoryImage(uploader, practice).client.post(
        "/practices/share-a-story/",
        story_form(practice, title=f"Story {canary}", image=upload("a.png", picture())),
    )
    image = get_image_model().objects.get()
    assert canary in image.title
    # Hosts reach the admin for gatherings; the images members send with drafts are not theirs.
    places = [
        "/admin/images/",
        f"/admin/images/?q={canary}",
        "/admin/images/chooser/",
        f"/admin/images/chooser/results/?q={canary}",
        f"/admin/images/{image.pk}/",
        f"/admin/images/{image.pk}/preview/fill-100x100/",
    ]
    host = world.client("host")
    # The image's own title, not the canary alone: a search page repeats what was searched.
    seen = [url for url in places if image.title.encode() in host.get(url).content]
    # Wagtail answers a forbidden preview with the image itself, not the title: ask for status.
    preview = host.get(places[-1]).status_code
    trust_figures.record(
        SECTION_CANARIES,
        "draft story images hidden from hosts in the admin",
        passed=len(places) - len(seen) - int(preview == 200),
        attempted=len(places),
    )
    assert not seen
    assert preview != 200
    # The control: editors, who review drafts, do find it, so the search above could succeed.
    assert image.title.encode() in world.client("editor").get(places[1]).content


# What each persona gets for a story's picture, in each state of the story. The member persona
# sent it; editors review stories, so they see it in every state, like the member.
STORY_PICTURE_READERS = {"member", "editor", "superuser"}
STORY_STATES = ("in review", "sent back", "published", "unpublished", "members-only section")


def story_picture_expected(state, persona):
    if persona in STORY_PICTURE_READERS:
        return 200
    if state == "published":
        return 200
    if state == "members-only section":  # Wagtail's "signed in" restriction, as on the page
        return 404 if persona in ("anonymous", "deactivated") else 200
    return 404


def test_a_story_picture_is_served_only_to_those_who_may_see_the_story_in_every_state(
    world, practice, trust_figures
):
    """Drafts, stories sent back and unpublished stories keep their picture from everyone but the
    member and the editors; a published one shows it to whoever may see the story's page. Every
    address (the original and each size the page shows) is asked, and none is under /media/."""
    from wagtail.models import PageViewRestriction

    sender = world.people["member"]
    sent = signed_in(sender).post(
        "/practices/share-a-story/",
        story_form(practice, image=upload("a.png", picture(size=(900, 600)))),
    )
    assert sent.status_code == 302, sent.content[:500]
    story = StoryPage.objects.get(submitted_by=sender)
    editor = world.people["editor"]
    addresses = {story.image.file.url}

    wrong, attempted = {}, 0

    def ask(state):
        nonlocal attempted
        for persona in world.people:
            browser = world.client(persona)
            # Beyond the table: for those who did not send it or review it, the picture
            # answers as the story's own page does.
            if persona not in STORY_PICTURE_READERS:
                opens = browser.get(story.url or "/practices/no-url/").status_code == 200
                assert opens == (story_picture_expected(state, persona) == 200), (state, persona)
            for url in sorted(addresses):
                assert not url.startswith(settings.MEDIA_URL)
                attempted += 1
                got = browser.get(url).status_code
                if got != story_picture_expected(state, persona):
                    wrong[(state, persona, url)] = got

    ask("in review")
    state = story.current_workflow_state
    state.current_task_state.task.specific.on_action(
        state.current_task_state, editor, "reject", comment="Please say more."
    )
    ask("sent back")
    story.refresh_from_db()
    story.save_revision(user=editor).publish()
    story.refresh_from_db()
    # The page shows every size it needs; each is asked as well from now on.
    page = world.client("anonymous").get(story.url).content.decode()
    addresses |= set(re.findall(r'(?:src|srcset)="([^" ]*member-[^" ]+)', page))
    assert len(addresses) > 1, "the published page shows sizes of the picture"
    ask("published")
    restriction = PageViewRestriction.objects.create(
        page=story.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    ask("members-only section")
    restriction.delete()
    story.unpublish()
    ask("unpublished")

    trust_figures.record(
        SECTION_CANARIES,
        "story pictures: persona answers as expected",
        passed=attempted - len(wrong),
        attempted=attempted,
        detail=f"{len(addresses)} addresses x {', '.join(STORY_STATES)} x persona",
    )
    assert not wrong, wrong


def test_no_file_of_a_members_story_picture_is_where_media_is_served_in_public(
    uploader, practice, client
):
    StoryImage(uploader, practice).post(upload("a.png", picture(size=(900, 600))))
    story = StoryPage.objects.get(submitted_by=uploader)
    story.get_latest_revision().publish()
    story.refresh_from_db()
    client.get(story.url)  # makes the sizes the page shows

    names = [story.image.file.name, *story.image.renditions.values_list("file", flat=True)]
    assert len(names) > 1
    media = Path(settings.MEDIA_ROOT)
    assert not [name for name in names if (media / name).exists()]
    assert not [p for p in media.rglob("*") if p.is_file() and "member-" in p.name]


def test_a_portfolio_pdf_leaves_the_upload_checks_as_strict_as_before(member):
    """WeasyPrint tells Pillow, for the whole process, to accept truncated images when it is
    imported; the export puts that back, or the next upload of a broken picture would pass."""
    from PIL import ImageFile

    from convening.circles.portfolio import export_pdf

    assert export_pdf(member, []).startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
