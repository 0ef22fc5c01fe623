"""The circles journey of the issue, in Chromium: a member finds a forming circle that matches
their interests and asks to join; the facilitator approves; the member sees the next session in
their calendar feed, writes a What? So what? Now what? reflection on the last session tagged S9
and B1 and shares it with the circle; a fellow member replies; a member outside the circle gets
a 404 on the same address; the author's portfolio shows S9 and B1 covered and exports a PDF."""

import io
import re

from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader

from convening.circles.models import Circle, CircleMembership, Reflection
from tests.convening.circles.factories import days, make_circle, make_facilitator, make_session
from tests.factories import make_member

from .conftest import DESKTOP, assert_accessible, assert_fits_phone_width, sign_in

PASSWORD = "tea-and-cake-every-tuesday"


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def new_tab(browser, live_server):
    return browser.new_context(base_url=live_server.url, viewport=DESKTOP).new_page()


def test_a_member_joins_a_circle_reflects_and_builds_a_portfolio(page, browser, live_server):
    facilitator = with_password(make_facilitator(name="Femi Facilitator"))
    fellow = with_password(make_member(name="Fern Fellow", organisation="Leeds Council"))
    outsider = with_password(make_member(name="Olu Outsider"))
    ada = with_password(
        make_member(
            name="Ada Convener",
            organisation="Riverside Housing",
            interests=["health and housing"],
            sectors=["housing"],
        )
    )
    circle = make_circle(
        "Health and housing set",
        facilitator=facilitator,
        members=[fellow],
        topics=["health and housing"],
        status=Circle.Status.FORMING,
        join_policy=Circle.JoinPolicy.REQUEST,
    )
    make_circle("Something else entirely", facilitator=facilitator, topics=["climate"])
    last = make_session(circle, starts_in=-days(2), structure="what-so-what-now-what")
    make_session(circle, starts_in=days(12))

    # Ada finds the circle among those suggested for her, and asks to join.
    sign_in(page, ada.email, PASSWORD)
    page.goto("/circles/")
    suggested = page.locator("section", has=page.get_by_role("heading", name="Suggested for you"))
    expect(suggested.get_by_role("link", name="Health and housing set")).to_be_visible()
    assert_accessible(page)
    assert_fits_phone_width(page)
    suggested.get_by_role("link", name="Health and housing set").click()
    expect(page.get_by_role("heading", name="Who can see this")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Who is in the circle"))).to_have_count(0)
    page.locator("textarea").first.fill("I bring the housing side; I hope to learn from health.")
    page.get_by_label(re.compile("I accept the circle")).check()
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_role("heading", name="You have asked to join")).to_be_visible()

    # The facilitator approves.
    desk = new_tab(browser, live_server)
    sign_in(desk, facilitator.email, PASSWORD)
    desk.goto(f"/circles/{circle.slug}/facilitate/")
    expect(desk.get_by_text("I bring the housing side")).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("button", name="Approve Ada Convener").click()
    assert CircleMembership.objects.get(circle=circle, member=ada).status == "active"

    # Ada now sees who is in the circle, and the next session in her calendar feed.
    page.goto(f"/circles/{circle.slug}/")
    expect(page.get_by_role("heading", name=re.compile("Who is in the circle"))).to_be_visible()
    page.goto("/me/calendar/")
    page.get_by_role("button", name=re.compile("Make my calendar address")).click()
    address = page.get_by_label("Your calendar address").input_value()
    feed = Calendar.from_ical(page.request.get(address.replace("http://testserver", "")).body())
    titles = [str(entry["summary"]) for entry in feed.walk("VEVENT")]
    assert any("Health and housing set" in title for title in titles), titles

    # After the last session she writes a reflection, tagged S9 and B1, for the circle.
    page.goto(f"/circles/{circle.slug}/sessions/{last.number}/")
    page.get_by_role("link", name=re.compile("Write a reflection")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a reflection")
    assert_accessible(page)
    page.get_by_label("Title").fill("Who gets to be in the room")
    page.locator("#id_section_what").fill("I brought the discharge delays to the set.")
    page.locator("#id_section_so_what").fill("I had left out the families.")
    page.locator("#id_section_now_what").fill("Invite two families to the next partnership.")
    page.locator('input[name="competencies"][value="S9"]').check()
    page.locator('input[name="competencies"][value="B1"]').check()
    page.get_by_label("My circle").check()
    page.get_by_label("Which circle").select_option(label="Health and housing set")
    page.get_by_role("button", name="Save reflection").click()
    reflection = Reflection.objects.get(author=ada)
    expect(page).to_have_url(re.compile(rf"/circles/reflections/{reflection.pk}/$"))
    assert reflection.visibility == "circle"
    assert sorted(reflection.competencies.values_list("code", flat=True)) == ["B1", "S9"]

    # A fellow member replies; someone outside the circle cannot even see it exists.
    friend = new_tab(browser, live_server)
    sign_in(friend, fellow.email, PASSWORD)
    friend.goto(f"/circles/reflections/{reflection.pk}/")
    expect(friend.get_by_role("heading", level=1)).to_have_text("Who gets to be in the room")
    friend.get_by_label(re.compile("reply", re.I)).first.fill("We paid tenants for their time.")
    friend.get_by_role("button", name="Reply").click()
    expect(friend.get_by_text("We paid tenants for their time.")).to_be_visible()
    stranger = new_tab(browser, live_server)
    sign_in(stranger, outsider.email, PASSWORD)
    response = stranger.goto(f"/circles/reflections/{reflection.pk}/")
    assert response.status == 404
    assert "Who gets to be in the room" not in stranger.content()

    # Her portfolio shows S9 and B1 covered, and exports a PDF with the reflection in it.
    page.goto("/me/portfolio/")
    for code in ("S9", "B1"):
        cell = page.locator(".coverage-cell", has=page.locator("strong", has_text=code)).first
        expect(cell).to_have_class(re.compile("coverage-cell--covered"))
    expect(
        page.locator(".coverage-cell", has=page.locator("strong", has_text="K1")).first
    ).not_to_have_class(re.compile("coverage-cell--covered"))
    assert_accessible(page)
    assert_fits_phone_width(page)
    page.get_by_role("link", name=re.compile("Export")).click()
    page.get_by_label("PDF").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Who gets to be in the room" in text
