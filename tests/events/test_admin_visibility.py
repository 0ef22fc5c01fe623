"""What people see of gatherings in the Wagtail admin (#16, item 2): never more than the site
shows them (`EventPage.objects.visible_to`) plus the gatherings they host or created. A host who
hosts nothing finds no invitation-only gathering of another host anywhere in the admin: explorer,
"All gatherings", page search, chooser, admin API, history, site history and its exports,
previews and drafts. Its own host and superusers find it everywhere; editors have no exception.
Every request goes through the real admin URLs, as TOTP-enrolled staff."""

import io
import zipfile

import pytest
from wagtail.models import PageLogEntry

from events.visibility import GatheringVisibility
from tests.conftest import signed_in
from tests.events.factories import gatherings_index, make_gathering
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

SECRET = "Kirklees closed round table"


@pytest.fixture
def host(db):
    return make_staff(group="Hosts", name="Harriet Host")


@pytest.fixture
def host_of_nothing(db):
    return make_staff(group="Hosts", name="Hal Hostless")


@pytest.fixture
def secret(host):
    """An invitation-only gathering, published and edited since by its host: it has a history
    and a draft."""
    event = make_gathering(SECRET, hosts=[host], visibility=GatheringVisibility.INVITED)
    event.summary = "Who is in the room: the council's chief executive, in confidence."
    event.save_revision(user=host, log_action=True)
    return event


@pytest.fixture
def open_one(host):
    return make_gathering("Tuesday open gathering", hosts=[host])


def people(host, host_of_nothing):
    return {
        "host of nothing": (signed_in(host_of_nothing), False),
        "its host": (signed_in(host), True),
        "editor": (signed_in(make_staff(group="Editors", name="Edie Editor")), False),
        "superuser": (signed_in(make_staff(superuser=True, name="Sol Super")), True),
    }


def text(response):
    return response.content.decode()


# Lists of pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "explorer",
        "/admin/gatherings/all/",
        "/admin/gatherings/all/?q=Kirklees",
        "/admin/pages/search/?q=Kirklees",
        "chooser",
        "/admin/choose-page/?page_type=events.eventpage",
        "/admin/choose-page/search/?q=Kirklees",
        "/admin/choose-page/search/?q=Kirklees&page_type=events.eventpage",
        "/admin/api/main/pages/?child_of=gatherings",
        "/admin/api/main/pages/?search=Kirklees",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/reports/site-history/?export=csv",
        "/admin/reports/site-history/?export=xlsx",
    ],
)
def test_lists_of_pages_name_an_invitation_only_gathering_only_to_its_host_and_superusers(
    address, secret, open_one, host, host_of_nothing
):
    index = gatherings_index().pk
    address = {
        "explorer": f"/admin/pages/{index}/",
        "chooser": f"/admin/choose-page/{index}/",
    }.get(address, address.replace("child_of=gatherings", f"child_of={index}"))

    for who, (browser, sees_it) in people(host, host_of_nothing).items():
        response = browser.get(address)

        assert response.status_code == 200, (who, address)
        body = _body(response)
        assert (SECRET in body) is sees_it, (who, address)


def _body(response):
    if not response.streaming:
        return text(response)
    content = b"".join(response.streaming_content)
    if content.startswith(b"PK"):
        # A spreadsheet is a zip of XML files: its words are in one of them.
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(name).decode() for name in book.namelist())
    return content.decode()


def test_the_lists_still_show_a_host_of_nothing_the_gatherings_every_member_may_see(
    secret, open_one, host_of_nothing
):
    browser = signed_in(host_of_nothing)
    index = gatherings_index().pk

    for address in (
        f"/admin/pages/{index}/",
        "/admin/gatherings/all/",
        f"/admin/choose-page/{index}/",
        "/admin/choose-page/search/?q=Tuesday",
    ):
        assert "Tuesday open gathering" in text(browser.get(address)), address
    api = browser.get(f"/admin/api/main/pages/?child_of={index}").json()
    assert [item["title"] for item in api["items"]] == ["Tuesday open gathering"]


def test_the_site_history_leaves_out_the_entries_of_a_gathering_not_seen(
    secret, host, host_of_nothing
):
    assert PageLogEntry.objects.filter(page=secret).exists()
    html = text(signed_in(host_of_nothing).get("/admin/reports/site-history/"))

    assert SECRET not in html


# One gathering -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "view",
    [
        "/admin/pages/{pk}/",
        "/admin/pages/{pk}/edit/",
        "/admin/pages/{pk}/edit/preview/",
        "/admin/pages/{pk}/view_draft/",
        "/admin/pages/{pk}/history/",
        "/admin/pages/{pk}/history/results/",
        "/admin/pages/{pk}/revisions/{revision}/view/",
        "/admin/pages/{pk}/revisions/compare/earliest...latest/",
        "/admin/pages/{pk}/workflow_history/",
        "/admin/pages/{pk}/usage/",
        "/admin/pages/{pk}/copy/",
        "/admin/pages/{pk}/move/",
        "/admin/pages/{pk}/delete/",
        "/admin/pages/{pk}/unpublish/",
        "/admin/api/main/pages/{pk}/",
        "/admin/choose-page/{pk}/",
    ],
)
def test_a_host_of_nothing_meets_not_found_at_every_view_of_an_invitation_only_gathering(
    view, secret, host, host_of_nothing
):
    address = view.format(pk=secret.pk, revision=secret.latest_revision_id)

    response = signed_in(host_of_nothing).get(address)

    assert response.status_code == 404, address
    assert SECRET not in text(response)
    assert "in confidence" not in text(response)


@pytest.mark.parametrize(
    "view", ["/admin/pages/{pk}/view_draft/", "/admin/pages/{pk}/edit/preview/"]
)
def test_an_editor_meets_not_found_at_the_draft_of_an_invitation_only_gathering(
    view, secret, editor_client
):
    response = editor_client.get(view.format(pk=secret.pk))

    assert response.status_code == 404
    assert "in confidence" not in text(response)


def test_its_host_previews_the_draft_and_reads_its_history(secret, host):
    browser = signed_in(host)

    draft = browser.get(f"/admin/pages/{secret.pk}/view_draft/")
    history = browser.get(f"/admin/pages/{secret.pk}/history/")

    assert "in confidence" in text(draft)
    assert history.status_code == 200


def test_a_superuser_previews_the_draft_of_any_gathering(secret, superuser):
    draft = signed_in(superuser).get(f"/admin/pages/{secret.pk}/view_draft/")

    assert "in confidence" in text(draft)


def test_a_host_of_nothing_still_reads_a_gathering_every_member_may_see_but_not_its_history(
    open_one, host_of_nothing
):
    browser = signed_in(host_of_nothing)

    assert browser.get(f"/admin/api/main/pages/{open_one.pk}/").json()["title"] == (
        "Tuesday open gathering"
    )
    # Its history and drafts are for those who may work on it (#16, item 1).
    assert browser.get(f"/admin/pages/{open_one.pk}/history/").status_code == 302


def test_a_gathering_its_creator_has_not_yet_named_hosts_for_stays_theirs(host_of_nothing):
    """A host may save a draft before naming anyone as its host: it is still theirs to see."""
    draft = make_gathering(
        "Draft with nobody named", visibility=GatheringVisibility.INVITED, live=False
    )
    draft.owner = host_of_nothing
    draft.save(update_fields=["owner"])

    listing = signed_in(host_of_nothing).get("/admin/gatherings/all/")

    assert "Draft with nobody named" in listing.content.decode()
