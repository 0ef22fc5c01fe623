"""Who hosts a gathering is the hosts' choice (#16, item 3): hosts see attendees' access needs,
questions and addresses, so an editor cannot make themselves a host in the page editor. A host
changes the hosts; a superuser may too, logged in the page's history with the hosts told."""

import pytest
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset

from events.hosting import HOSTS_CHANGED
from events.models import EventHost, EventPage
from tests.conftest import signed_in
from tests.events.factories import make_gathering
from tests.events.test_admin import edit_form
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(db):
    return make_staff(group="Hosts", name="Hal Host")


@pytest.fixture
def gathering(host):
    return make_gathering("Hal's gathering", hosts=[host])


def with_hosts(event, *, add=(), remove=()):
    """The edit form, its hosts list changed as a person would in the editor."""
    rows = [
        {"id": h.pk, "member": h.member_id, "DELETE": h.member in remove} for h in event.hosts.all()
    ]
    rows += [{"member": person.pk} for person in add]
    return edit_form(event, hosts_formset=inline_formset(rows, initial=event.hosts.count()))


def hosts_of(event):
    stored = EventPage.objects.get(pk=event.pk)
    live = {h.member for h in EventHost.objects.filter(event=stored)}
    latest = {h.member for h in stored.get_latest_revision_as_object().hosts.all()}
    return live, latest


def test_an_editor_cannot_make_themselves_a_host(editor, gathering, host, mailoutbox):
    session = signed_in(editor)

    response = session.post(
        f"/admin/pages/{gathering.pk}/edit/", with_hosts(gathering, add=[editor])
    )

    assert response.status_code == 200
    assert "Only the gathering&#x27;s hosts may change who hosts it." in response.text
    assert hosts_of(gathering) == ({host}, {host})
    assert session.get(f"/gatherings/{gathering.pk}/host/attendees.csv").status_code == 404
    assert not PageLogEntry.objects.filter(page=gathering, action=HOSTS_CHANGED).exists()


def test_an_editor_cannot_remove_a_host_either(editor, gathering, host):
    response = signed_in(editor).post(
        f"/admin/pages/{gathering.pk}/edit/", with_hosts(gathering, remove=[host])
    )

    assert response.status_code == 200
    assert hosts_of(gathering) == ({host}, {host})


def test_an_editor_still_edits_the_rest_of_a_gathering(editor, gathering, host):
    response = signed_in(editor).post(
        f"/admin/pages/{gathering.pk}/edit/", with_hosts(gathering) | {"summary": "Now with tea."}
    )

    assert response.status_code == 302
    assert EventPage.objects.get(pk=gathering.pk).summary == "Now with tea."
    assert hosts_of(gathering) == ({host}, {host})


def test_a_host_names_a_co_host_and_it_is_logged(host, gathering, mailoutbox, committed):
    co_host = make_staff(group="Hosts", name="Cora Cohost")

    with committed():
        response = signed_in(host).post(
            f"/admin/pages/{gathering.pk}/edit/", with_hosts(gathering, add=[co_host])
        )

    assert response.status_code == 302
    assert hosts_of(gathering) == ({host, co_host}, {host, co_host})
    entry = PageLogEntry.objects.get(page=gathering, action=HOSTS_CHANGED)
    assert (entry.user, entry.data["added"]) == (host, ["Cora Cohost"])
    assert not mailoutbox  # the only earlier host made the change


def test_a_superuser_changes_the_hosts_logged_and_the_hosts_are_told(
    superuser, host, gathering, mailoutbox, committed
):
    with committed():
        response = signed_in(superuser).post(
            f"/admin/pages/{gathering.pk}/edit/", with_hosts(gathering, add=[superuser])
        )

    assert response.status_code == 302
    assert hosts_of(gathering) == ({host, superuser}, {host, superuser})
    entry = PageLogEntry.objects.get(page=gathering, action=HOSTS_CHANGED)
    assert (entry.user, entry.data["added"]) == (superuser, ["Sol Super"])
    [told] = [m for m in mailoutbox if m.to == [host.email]]
    assert told.subject == "Hosts changed: Hal's gathering"
    assert "Sol Super changed who hosts Hal's gathering" in told.body
    history = signed_in(superuser).get(f"/admin/pages/{gathering.pk}/history/").text
    assert "Hosts changed: added Sol Super" in history


def test_a_new_gathering_is_hosted_by_its_creator(editor):
    from tests.events.test_admin import add_url, gathering_form

    response = signed_in(editor).post(add_url(), gathering_form())

    assert response.status_code == 302
    event = EventPage.objects.get(slug="tuesday-gathering")
    assert [h.member for h in event.hosts.all()] == [editor]
