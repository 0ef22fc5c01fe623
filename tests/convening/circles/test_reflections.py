"""Writing, reading, editing, replying to and answering reflections (issue #6)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from convening.circles import reflections as services
from convening.circles.models import Commitment, Reflection, ReflectionReply
from events.models import Rsvp
from members.safety import block
from tests.conftest import signed_in
from tests.convening.circles.factories import (
    days,
    make_circle,
    make_facilitator,
    make_reflection,
    make_session,
)
from tests.events.factories import make_gathering
from tests.factories import make_member
from tests.practices.factories import make_practice, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what waits for the commit (emails) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def ada():
    return make_member(name="Ada Author")


@pytest.fixture
def bo():
    return make_member(name="Bo Circlemate")


@pytest.fixture
def circle(ada, bo):
    return make_circle(
        "Leeds action learning set", facilitator=make_facilitator(), members=[ada, bo]
    )


@pytest.fixture
def session(circle):
    return make_session(circle, starts_in=-days(1))


def form_data(**overrides):
    data = {
        "structure": "what-so-what-now-what",
        "title": "Mapping the discharge pathway",
        "date": timezone.localdate().isoformat(),
        "section_what": "We mapped who hands over to whom.",
        "section_so_what": "Nobody owns the handover.",
        "section_now_what": "Ask the ward sister to co-host the next map.",
        "competencies": ["S9", "B1"],
        "value_cycle": "potential",
        "visibility": "private",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Writing.


def test_writing_about_a_session_offers_its_structure_prompts(ada, session):
    session.structure = "gibbs"
    session.save()
    html = signed_in(ada).get(f"/me/reflections/new/?session={session.pk}").content.decode()
    assert "Gibbs&#x27; reflective cycle" in html or "Gibbs' reflective cycle" in html
    for heading in ("Description", "Feelings", "Evaluation", "Analysis", "Action plan"):
        assert heading in html
    assert f'<option value="{session.pk}" selected>' in html


def test_member_writes_a_private_reflection_about_a_session_and_its_now_what_is_a_commitment(
    ada, session
):
    response = signed_in(ada).post(
        f"/me/reflections/new/?session={session.pk}", form_data(session=session.pk)
    )
    reflection = Reflection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reflection.get_absolute_url()
    assert reflection.author == ada
    assert reflection.visibility == "private"
    assert reflection.circle is None
    assert reflection.session == session
    assert reflection.value_cycle == "potential"
    assert [s["heading"] for s in reflection.sections] == ["What?", "So what?", "Now what?"]
    assert reflection.text_of("so_what") == "Nobody owns the handover."
    assert sorted(reflection.competencies.values_list("code", flat=True)) == ["B1", "S9"]
    commitment = Commitment.objects.get()
    assert commitment.member == ada
    assert commitment.session == session
    assert commitment.reflection == reflection
    assert commitment.text == "Ask the ward sister to co-host the next map."


def test_a_reflection_not_about_a_session_makes_no_commitment(ada):
    signed_in(ada).post("/me/reflections/new/", form_data())
    assert Reflection.objects.count() == 1
    assert not Commitment.objects.exists()


def test_an_unknown_competency_code_is_refused_with_a_clear_message_and_nothing_is_saved(ada):
    response = signed_in(ada).post("/me/reflections/new/", form_data(competencies=["S9", "X9"]))
    assert response.status_code == 400
    assert "X9 is not a competency of the standard" in response.content.decode()
    assert not Reflection.objects.exists()
    with pytest.raises(services.ReflectionRefused, match="Q7 is not a competency"):
        services.write_reflection(
            ada,
            title="T",
            sections={"what": "x"},
            structure="what-so-what-now-what",
            competencies=["Q7"],
        )
    assert not Reflection.objects.exists()


def test_sharing_with_my_circle_needs_one_of_my_circles(ada, circle):
    own = signed_in(ada)
    response = own.post("/me/reflections/new/", form_data(visibility="circle"))
    assert response.status_code == 400
    assert "Choose the circle to share it with." in response.content.decode()

    elsewhere = make_circle("Bristol set", facilitator=make_facilitator("Fen Other"))
    response = own.post("/me/reflections/new/", form_data(visibility="circle", circle=elsewhere.pk))
    assert response.status_code == 400
    assert "You can only share with a circle you are a member of." in response.content.decode()
    assert not Reflection.objects.exists()

    own.post("/me/reflections/new/", form_data(visibility="circle", circle=circle.pk))
    shared = Reflection.objects.get()
    assert (shared.visibility, shared.circle) == ("circle", circle)


def test_the_circle_is_dropped_when_the_reflection_is_not_shared_with_a_circle(ada, circle):
    signed_in(ada).post("/me/reflections/new/", form_data(visibility="members", circle=circle.pk))
    assert Reflection.objects.get().circle is None


def test_a_session_of_someone_elses_circle_cannot_be_chosen(ada):
    other = make_circle("Elsewhere", facilitator=make_facilitator("Fen Other"))
    their_session = make_session(other, starts_in=-days(2))
    client = signed_in(ada)
    html = client.get(f"/me/reflections/new/?session={their_session.pk}").content.decode()
    assert "Elsewhere" not in html
    response = client.post("/me/reflections/new/", form_data(session=their_session.pk))
    assert response.status_code == 400
    assert not Reflection.objects.exists()
    assert not Commitment.objects.exists()


def test_an_empty_reflection_or_a_future_date_is_refused(ada):
    client = signed_in(ada)
    empty = form_data(section_what="", section_so_what=" ", section_now_what="")
    assert (
        "Write something in at least one section."
        in client.post("/me/reflections/new/", empty).content.decode()
    )
    future = form_data(date=(timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    assert "cannot be in the future" in client.post("/me/reflections/new/", future).content.decode()
    assert not Reflection.objects.exists()


def test_the_address_can_say_what_it_is_about_and_which_structure(ada, home_page):
    practice = make_practice("Troika consulting", slug="troika-consulting")
    story = make_story("The ward that listened", slug="ward-that-listened")
    gathering = make_gathering("Spring convening")
    client = signed_in(ada)
    url = (
        f"/me/reflections/new/?practice={practice.slug}&story={story.slug}"
        f"&gathering={gathering.pk}&structure=troika"
    )
    html = client.get(url).content.decode()
    assert "My challenge" in html
    assert "What I will try" in html
    for page in (practice, story):
        assert f'<option value="{page.pk}" selected>{page.title}</option>' in html
    on = date_format(timezone.localtime(gathering.starts_at), "j M Y")
    assert f'<option value="{gathering.pk}" selected>Spring convening, {on}</option>' in html

    client.post(
        url,
        {
            "structure": "troika",
            "title": "Consulting in threes",
            "date": timezone.localdate().isoformat(),
            "section_challenge": "How to bring the GPs in.",
            "practice": practice.pk,
            "story": story.pk,
            "gathering": gathering.pk,
            "visibility": "private",
        },
    )
    reflection = Reflection.objects.get()
    assert reflection.structure == "troika"
    assert (reflection.practice, reflection.story, reflection.gathering) == (
        practice,
        story,
        gathering,
    )


def test_an_address_naming_what_the_member_may_not_see_is_ignored_quietly(ada, home_page):
    draft = make_practice("Not yet published", slug="not-yet", live=False)
    invited_only = make_gathering("A private dinner", visibility="invited")
    client = signed_in(ada)
    response = client.get(
        f"/me/reflections/new/?practice={draft.slug}&gathering={invited_only.pk}"
        "&session=abc&structure=nonsense"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not yet published" not in html
    assert "A private dinner" not in html
    assert "Nothing to link yet" in html
    response = client.post(
        "/me/reflections/new/", form_data(gathering=invited_only.pk, practice=draft.pk)
    )
    assert response.status_code == 400
    assert not Reflection.objects.exists()


def test_gatherings_the_member_went_to_are_offered(ada):
    went = make_gathering("Autumn harvest", starts_in=-days(20))
    Rsvp.objects.create(event=went, member=ada, status=Rsvp.Status.GOING)
    make_gathering("Someone else's gathering")
    html = signed_in(ada).get("/me/reflections/new/").content.decode()
    assert "Autumn harvest" in html
    assert "Someone else&#x27;s gathering" not in html


def test_each_date_of_a_series_is_offered_by_its_title_and_date(ada):
    """Four "Tea and systems" with nothing to tell them apart could not be chosen between."""
    dates = [make_gathering("Tea and systems", starts_in=-days(n)) for n in (7, 21)]
    for gathering in dates:
        Rsvp.objects.create(event=gathering, member=ada, status=Rsvp.Status.GOING)
    html = signed_in(ada).get("/me/reflections/new/").content.decode()
    for gathering in dates:
        on = date_format(timezone.localtime(gathering.starts_at), "j M Y")
        assert f'<option value="{gathering.pk}">Tea and systems, {on}</option>' in html


# Reading.


def test_the_author_reads_their_reflection_with_who_can_read_it(ada, session, home_page):
    practice = make_practice("Troika consulting", slug="troika-consulting")
    reflection = make_reflection(
        ada,
        title="Handovers",
        session=session,
        practice=practice,
        competencies=["S9", "B1"],
        value_cycle="applied",
    )
    html = signed_in(ada).get(reflection.get_absolute_url()).content.decode()
    assert "Handovers" in html
    assert "Nobody owns the handover." in html
    assert "Only you can read this." in html
    assert "S9" in html
    assert "Developing self" in html
    assert "B1" in html
    assert "Applied value" in html
    assert session.get_absolute_url() in html
    assert practice.url in html
    assert "/edit/" in html


def test_a_reader_gets_links_only_to_what_they_may_see(ada, bo, session, home_page):
    outsider = make_member(name="Cy Outsider")
    draft = make_practice("A draft practice", live=False)
    reflection = make_reflection(ada, session=session, practice=draft, visibility="members")
    html = signed_in(outsider).get(reflection.get_absolute_url()).content.decode()
    assert "What I noticed" in html
    assert session.get_absolute_url() not in html
    assert "Leeds action learning set" not in html
    assert "A draft practice" not in html
    assert "/edit/" not in html
    assert (
        session.get_absolute_url()
        in signed_in(bo).get(reflection.get_absolute_url()).content.decode()
    )


def test_a_circle_reflection_says_who_can_read_it_in_plain_words(ada, bo, circle):
    reflection = make_reflection(ada, visibility="circle", circle=circle)
    html = signed_in(bo).get(reflection.get_absolute_url()).content.decode()
    assert "Only the current members of Leeds action learning set can read this" in html
    assert "not even the site&#x27;s staff" in html


def test_visitors_are_sent_to_sign_in(client, ada):
    reflection = make_reflection(ada, visibility="members")
    response = client.get(reflection.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Editing and deleting.


def test_the_author_edits_and_the_commitment_follows(ada, session):
    client = signed_in(ada)
    client.post("/me/reflections/new/", form_data(session=session.pk))
    reflection = Reflection.objects.get()
    html = client.get(f"/circles/reflections/{reflection.pk}/edit/").content.decode()
    assert "Nobody owns the handover." in html
    response = client.post(
        f"/circles/reflections/{reflection.pk}/edit/",
        form_data(session=session.pk, title="Handover, again", section_now_what="Map it twice."),
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.title == "Handover, again"
    assert Commitment.objects.get().text == "Map it twice."
    client.post(
        f"/circles/reflections/{reflection.pk}/edit/",
        form_data(session=session.pk, section_now_what=""),
    )
    assert not Commitment.objects.exists()


def test_an_author_who_left_the_circle_still_edits_and_keeps_the_session_link(ada, circle, session):
    from convening.circles import membership as circles

    client = signed_in(ada)
    client.post("/me/reflections/new/", form_data(session=session.pk))
    reflection = Reflection.objects.get()
    circles.leave(circle, ada)
    html = client.get(
        f"/circles/reflections/{reflection.pk}/edit/?structure=gibbs"
    ).content.decode()
    assert "Description" not in html  # the structure of a written reflection stays
    response = client.post(
        f"/circles/reflections/{reflection.pk}/edit/",
        form_data(session=session.pk, title="Looking back", section_now_what="Something else."),
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert (reflection.title, reflection.session) == ("Looking back", session)
    assert Commitment.objects.get().text == "Ask the ward sister to co-host the next map."


@pytest.mark.parametrize("who", ["circlemate", "editor", "superuser"])
def test_nobody_but_the_author_may_edit_or_delete(who, ada, bo, circle, editor, superuser):
    reflection = make_reflection(ada, title="Mine", visibility="circle", circle=circle)
    ReflectionReply.objects.create(reflection=reflection, author=bo, text="Thank you.")
    other = signed_in({"circlemate": bo, "editor": editor, "superuser": superuser}[who])
    for url in (
        f"/circles/reflections/{reflection.pk}/edit/",
        f"/circles/reflections/{reflection.pk}/delete/",
    ):
        assert other.get(url).status_code == 404
        assert other.post(url, form_data(title="Hijacked")).status_code == 404
    reflection.refresh_from_db()
    assert reflection.title == "Mine"
    assert ReflectionReply.objects.count() == 1


def test_deleting_a_reflection_deletes_its_replies(ada, bo, circle):
    reflection = make_reflection(ada, visibility="circle", circle=circle)
    ReflectionReply.objects.create(reflection=reflection, author=bo, text="Same here.")
    client = signed_in(ada)
    page = client.get(f"/circles/reflections/{reflection.pk}/delete/").content.decode()
    assert "with its 1 reply" in page
    assert Reflection.objects.exists()
    response = client.post(f"/circles/reflections/{reflection.pk}/delete/")
    assert response["Location"] == "/me/reflections/"
    assert not Reflection.objects.exists()
    assert not ReflectionReply.objects.exists()


# Replies.


def test_a_circle_member_replies_and_the_author_is_told_without_the_reply(
    ada, bo, circle, committed
):
    reflection = make_reflection(ada, title="Handovers", visibility="circle", circle=circle)
    with committed():
        response = signed_in(bo).post(
            f"/circles/reflections/{reflection.pk}/reply/",
            {"text": "The secret ward plan is in the blue folder."},
        )
    assert response.status_code == 302
    reply = ReflectionReply.objects.get()
    assert (reply.author, reply.reflection) == (bo, reflection)
    assert (
        "The secret ward plan" in signed_in(ada).get(reflection.get_absolute_url()).content.decode()
    )
    [email] = mail.outbox
    assert email.to == [ada.email]
    assert "Bo Circlemate replied to your reflection" in email.subject
    body = email.body + "".join(str(content) for content, _ in email.alternatives)
    assert "Handovers" in body
    assert reflection.get_absolute_url() in body
    assert "secret ward plan" not in body


def test_any_member_may_reply_to_a_reflection_shared_with_all_members(ada, committed):
    reflection = make_reflection(ada, visibility="members")
    someone = make_member(name="Di Member")
    with committed():
        signed_in(someone).post(
            f"/circles/reflections/{reflection.pk}/reply/", {"text": "Useful, thank you."}
        )
    assert ReflectionReply.objects.get().author == someone
    assert len(mail.outbox) == 1


# Blocking and rate limits: a block applies to every way one member can reach another.


@pytest.mark.parametrize("who_blocked", ["author", "reader"])
def test_a_block_either_way_hides_a_reflection_shared_with_all_members(ada, who_blocked):
    reflection = make_reflection(ada, visibility="members", title="Open to everyone")
    di = make_member(name="Di Member")
    block(ada, di) if who_blocked == "author" else block(di, ada)

    assert signed_in(di).get(reflection.get_absolute_url()).status_code == 404
    response = signed_in(di).post(
        f"/circles/reflections/{reflection.pk}/reply/", {"text": "Let me in."}
    )
    assert response.status_code == 404
    assert not ReflectionReply.objects.exists()
    assert signed_in(make_member(name="Eve Other")).get(
        reflection.get_absolute_url()
    ).status_code == (200)


def test_a_blocked_circlemate_cannot_reply_and_the_author_gets_no_email(ada, bo, circle, committed):
    reflection = make_reflection(ada, visibility="circle", circle=circle)
    block(ada, bo)
    with committed(), pytest.raises(services.ReflectionRefused):
        services.reply_to(reflection, bo, "Still here.")
    assert not ReflectionReply.objects.exists()
    assert mail.outbox == []


def test_a_block_hides_each_members_replies_from_the_other(ada, bo, circle):
    reflection = make_reflection(ada, visibility="members", title="Open to everyone")
    di = make_member(name="Di Member")
    services.reply_to(reflection, bo, "A reply from Bo.")
    services.reply_to(reflection, di, "A reply from Di.")
    block(di, bo)

    as_di = signed_in(di).get(reflection.get_absolute_url()).content.decode()
    assert "A reply from Di." in as_di
    assert "A reply from Bo." not in as_di
    as_ada = signed_in(ada).get(reflection.get_absolute_url()).content.decode()
    assert "A reply from Bo." in as_ada


def test_replies_are_rate_limited_and_say_so(ada, committed):
    reflection = make_reflection(ada, visibility="members")
    di = make_member(name="Di Member")
    for n in range(services.REPLIES_PER_HOUR):
        services.reply_to(reflection, di, f"Reply {n}")
    with pytest.raises(services.ReflectionRefused, match="in the last hour"):
        services.reply_to(reflection, di, "One more.")
    assert ReflectionReply.objects.count() == services.REPLIES_PER_HOUR

    response = signed_in(di).post(
        f"/circles/reflections/{reflection.pk}/reply/", {"text": "Through the form."}, follow=True
    )
    assert "in the last hour" in response.content.decode()
    assert ReflectionReply.objects.count() == services.REPLIES_PER_HOUR


def test_replying_to_a_reflection_you_cannot_see_is_404_and_changes_nothing(
    ada, circle, editor, superuser, committed
):
    outsider = make_member(name="Cy Outsider")
    private = make_reflection(ada, visibility="private")
    shared = make_reflection(ada, visibility="circle", circle=circle)
    with committed():
        for who in (outsider, editor, superuser):
            for reflection in (private, shared):
                response = signed_in(who).post(
                    f"/circles/reflections/{reflection.pk}/reply/", {"text": "Let me in."}
                )
                assert response.status_code == 404
    assert not ReflectionReply.objects.exists()
    assert mail.outbox == []


def test_a_private_reflection_takes_no_replies_and_an_empty_reply_is_refused(ada, bo, circle):
    private = make_reflection(ada)
    client = signed_in(ada)
    response = client.post(
        f"/circles/reflections/{private.pk}/reply/", {"text": "Note."}, follow=True
    )
    assert "You cannot reply to this reflection." in response.content.decode()
    shared = make_reflection(ada, visibility="circle", circle=circle)
    response = signed_in(bo).post(
        f"/circles/reflections/{shared.pk}/reply/", {"text": "   "}, follow=True
    )
    assert "This field is required." in response.content.decode()
    assert not ReflectionReply.objects.exists()


def test_replying_to_your_own_shared_reflection_sends_no_email(ada, circle, committed):
    reflection = make_reflection(ada, visibility="circle", circle=circle)
    with committed():
        signed_in(ada).post(f"/circles/reflections/{reflection.pk}/reply/", {"text": "Update."})
    assert ReflectionReply.objects.count() == 1
    assert mail.outbox == []


def test_get_on_the_reply_address_changes_nothing(ada, bo, circle):
    reflection = make_reflection(ada, visibility="circle", circle=circle)
    response = signed_in(bo).get(f"/circles/reflections/{reflection.pk}/reply/?text=hello")
    assert response.status_code == 302
    assert not ReflectionReply.objects.exists()


# The member's own reflections.


def test_my_reflections_lists_mine_and_what_my_circles_shared(ada, bo, circle):
    make_reflection(ada, title="My private note")
    make_reflection(ada, title="My members note", visibility="members")
    make_reflection(bo, title="Bo shares with the circle", visibility="circle", circle=circle)
    make_reflection(bo, title="Bo keeps this", visibility="private")
    other_circle = make_circle("Elsewhere", facilitator=make_facilitator("Fen Other"))
    stranger = make_member(name="Ez Stranger")
    other_circle.memberships.create(member=stranger, status="active")
    make_reflection(stranger, title="Elsewhere only", visibility="circle", circle=other_circle)

    html = signed_in(ada).get("/me/reflections/").content.decode()
    assert "My private note" in html
    assert "My members note" in html
    assert "Bo shares with the circle" in html
    assert "Bo keeps this" not in html
    assert "Elsewhere only" not in html


def test_my_reflections_and_the_panel_are_for_members_only(client, ada):
    make_reflection(ada, title="Panel note")
    assert client.get("/me/reflections/").status_code == 302
    dashboard = signed_in(ada).get("/me/").content.decode()
    assert "Your reflections" in dashboard
    assert "Panel note" in dashboard


# Commitments become reflections.


def test_the_member_says_how_a_commitment_went_and_it_becomes_a_reflection(ada, session):
    commitment = Commitment.objects.create(member=ada, session=session, text="Co-host a map.")
    client = signed_in(ada)
    page = client.get(f"/me/commitments/{commitment.pk}/").content.decode()
    assert "Co-host a map." in page
    assert "Did you try it?" in page
    response = client.post(
        f"/me/commitments/{commitment.pk}/",
        {
            "tried": "yes",
            "text": "The ward sister co-hosted.",
            "value_cycle": "realised",
            "visibility": "private",
        },
    )
    commitment.refresh_from_db()
    outcome = commitment.outcome
    assert response["Location"] == outcome.get_absolute_url()
    assert commitment.done
    assert outcome.author == ada
    assert outcome.structure == "open"
    assert outcome.session == session
    assert outcome.visibility == "private"
    assert outcome.value_cycle == "realised"
    assert "The ward sister co-hosted." in outcome.text_of("reflection")
    assert "Co-host a map." in outcome.text_of("reflection")
    # Once answered, a second answer changes nothing.
    client.post(f"/me/commitments/{commitment.pk}/", {"tried": "no", "text": "Again"})
    assert Reflection.objects.count() == 1


def test_an_empty_answer_is_refused_and_saves_nothing(ada, session):
    commitment = Commitment.objects.create(member=ada, session=session, text="Co-host a map.")
    response = signed_in(ada).post(
        f"/me/commitments/{commitment.pk}/", {"tried": "yes", "text": "", "visibility": "private"}
    )
    assert response.status_code == 400
    commitment.refresh_from_db()
    assert not commitment.done
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("who", ["circlemate", "editor", "superuser"])
def test_only_its_owner_answers_a_commitment(who, ada, bo, session, editor, superuser, client):
    commitment = Commitment.objects.create(member=ada, session=session, text="Co-host a map.")
    other = signed_in({"circlemate": bo, "editor": editor, "superuser": superuser}[who])
    url = f"/me/commitments/{commitment.pk}/"
    assert other.get(url).status_code == 404
    assert (
        other.post(url, {"tried": "yes", "text": "x", "visibility": "private"}).status_code == 404
    )
    assert client.get(url).status_code == 302
    commitment.refresh_from_db()
    assert not commitment.done
    assert not Reflection.objects.exists()
