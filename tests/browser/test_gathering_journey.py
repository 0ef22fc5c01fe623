"""The gatherings journey of the issue, in Chromium: a host creates an online gathering with two
places in the admin and invites a member and someone from outside; three members reply and the
third waits; one cancels and the third is promoted and emailed; the outsider accepts, joins and
lands back on the gathering, waitlisted because it is full; a member's calendar file has the
right times; the join link is absent for a member who is not going."""

import datetime
import re
import time
import zoneinfo

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import EventIndexPage, EventPage, Rsvp
from members.models import User
from tests.factories import make_member, make_staff

from .conftest import DESKTOP, assert_accessible, assert_fits_phone_width, sign_in

PASSWORD = "tea-and-cake-every-tuesday"
LONDON = zoneinfo.ZoneInfo("Europe/London")
TITLE = "Convening across boundaries"
OUTSIDER = "sam.outside@example.org"


def current_code(secret):
    # A code typed in the last seconds of its 30-second window may arrive after it has expired.
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def person(name):
    user = make_member(name=name)
    user.set_password(PASSWORD)
    user.save()
    return user


def tab_for(browser, live_server):
    return browser.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()


def relative(url, live_server):
    return re.sub(r"^https?://[^/]+", live_server.url, url)


def reply_going(tab, event_url):
    tab.goto(event_url)
    tab.get_by_role("button", name=re.compile("I am going|Join the waitlist")).click()


@pytest.fixture
def next_tuesday():
    today = timezone.localdate(timezone=LONDON)
    days_ahead = (1 - today.weekday()) % 7 or 7
    day = today + datetime.timedelta(days=days_ahead + 7)
    return datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=LONDON)


def test_a_host_gathers_people_and_the_waitlist_moves_fairly(
    page, browser, live_server, next_tuesday
):
    host = make_staff(group="Hosts", two_factor=False, name="Harriet Host")
    host.set_password(PASSWORD)
    host.save()
    secret = generate_totp_secret()
    TOTP.activate(host, secret)
    ada, bo, cy, dee = (
        person(name) for name in ("Ada Lovelace", "Bo Diddley", "Cy Twombly", "Dee")
    )
    index = EventIndexPage.objects.get()

    # The host creates an online gathering with two places in the admin.
    sign_in(page, host.email, PASSWORD, next_url="/admin/")
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    page.goto(f"/admin/pages/add/events/eventpage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("A free online gathering for systems conveners.")
    for field, moment in (
        ("#id_starts_at", next_tuesday),
        ("#id_ends_at", next_tuesday + datetime.timedelta(minutes=90)),
    ):
        # Typed as text: Wagtail's date picker is a convenience over a plain input.
        page.locator(field).evaluate(
            "(input, value) => { input.value = value; }", moment.strftime("%Y-%m-%d %H:%M")
        )
    page.locator("#id_format").select_option("online")
    page.locator("#id_online_platform").fill("Jitsi")
    page.locator("#id_join_url").fill("https://meet.example.org/convening-tuesday")
    page.locator("#id_capacity").fill("2")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")
    event = EventPage.objects.get(title=TITLE)
    assert event.live
    assert event.capacity == 2
    assert event.starts_at == next_tuesday

    # From the site, the host invites a member and someone from outside, in their own words.
    page.goto(f"/gatherings/{event.pk}/host/")
    assert_accessible(page)
    page.get_by_label("A member").select_option(label="Ada Lovelace")
    page.get_by_label("Your personal message").fill("Ada, your work on the Leeds pilot would help.")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("Ada Lovelace")
    page.get_by_label("Or an email address").fill(OUTSIDER)
    page.get_by_label("Their name").fill("Sam Outside")
    page.get_by_label("Your personal message").fill(
        "Sam, you see the housing side that we keep missing. Come and tell us."
    )
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("Invitation sent to Sam Outside")
    invitation_mail = next(email for email in mail.outbox if email.to == [OUTSIDER])
    assert "you see the housing side" in invitation_mail.body
    invitation_link = re.search(r"https?://\S+/gatherings/invitation/\S+/", invitation_mail.body)

    # Three members reply: two places, so the third waits.
    members = {}
    for member in (ada, bo, cy):
        tab = tab_for(browser, live_server)
        sign_in(tab, member.email, PASSWORD)
        reply_going(tab, event.url)
        members[member] = tab
    expect(members[ada].locator(".reply-status")).to_contain_text("You are going.")
    expect(members[bo].locator(".reply-status")).to_contain_text("You are going.")
    expect(members[cy].locator(".reply-status")).to_contain_text("on the waitlist")
    assert_accessible(members[cy])
    assert_fits_phone_width(members[cy])

    # Bo cannot come after all: Cy takes the place and is told by email.
    mail.outbox.clear()
    members[bo].get_by_role("button", name="I cannot go after all").click()
    expect(members[bo].locator(".messages")).to_contain_text("You are not going")
    assert Rsvp.objects.get(event=event, member=cy).status == Rsvp.Status.GOING
    promotion = next(email for email in mail.outbox if email.to == [cy.email])
    assert "A place came free" in promotion.subject
    members[cy].reload()
    expect(members[cy].locator(".reply-status")).to_contain_text("You are going.")

    # The outsider accepts through the link, joins, and lands back on the gathering, waiting.
    outsider = tab_for(browser, live_server)
    outsider.goto(relative(invitation_link.group(0), live_server))
    expect(outsider.get_by_text("you see the housing side")).to_be_visible()
    assert_accessible(outsider)
    outsider.get_by_role("button", name=re.compile("Accept")).click()
    expect(outsider).to_have_url(re.compile(r"/accounts/signup/"))
    expect(outsider.get_by_label("Email")).to_have_value(OUTSIDER)
    outsider.get_by_label("Your name").fill("Sam Outside")
    outsider.get_by_label("Password", exact=True).fill(PASSWORD)
    outsider.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    outsider.get_by_role("button", name=re.compile("Sign up|Join", re.I)).click()
    expect(outsider).to_have_url(f"{live_server.url}{event.url}")
    expect(outsider.locator(".reply-status")).to_contain_text("on the waitlist")
    sam = User.objects.get(email=OUTSIDER)
    assert Rsvp.objects.get(event=event, member=sam).status == Rsvp.Status.WAITLISTED
    assert Rsvp.objects.filter(event=event, status=Rsvp.Status.GOING).count() == 2

    # A member going downloads the calendar file: it parses, with the right times.
    with members[ada].expect_download() as download:
        members[ada].get_by_role("link", name=re.compile("Download the calendar file")).click()
    calendar = Calendar.from_ical(open(download.value.path(), "rb").read())  # noqa: SIM115
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("dtstart") == next_tuesday
    assert entry.decoded("dtstart").tzinfo.key == "Europe/London"
    assert entry.decoded("dtend") == next_tuesday + datetime.timedelta(minutes=90)
    assert str(entry["summary"]) == TITLE
    assert "/gatherings/join/" in str(entry["description"])

    # The join link is there for people going, absent for a member who is not.
    expect(members[ada].get_by_role("link", name="Join online")).to_be_visible()
    outside_member = tab_for(browser, live_server)
    sign_in(outside_member, dee.email, PASSWORD)
    outside_member.goto(event.url)
    expect(outside_member.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(outside_member.get_by_role("link", name="Join online")).to_have_count(0)
    assert "/gatherings/join/" not in outside_member.content()
    assert "meet.example.org" not in outside_member.content()
    assert_accessible(outside_member)

    # The host sees everyone, the waitlist in order, and how the invitations went.
    page.goto(f"/gatherings/{event.pk}/host/")
    expect(page.get_by_role("heading", name=re.compile("On the waitlist \\(1\\)"))).to_be_visible()
    expect(page.get_by_text("Sam Outside").first).to_be_visible()

    # The listing shows it, in the visitor's view of the host's zone.
    visitor = tab_for(browser, live_server)
    visitor.goto("/gatherings/")
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    expect(visitor.get_by_text("Europe/London time").first).to_be_visible()
    assert_accessible(visitor)
    assert_fits_phone_width(visitor)
