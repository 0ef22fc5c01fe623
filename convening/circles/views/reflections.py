"""Writing, reading, replying to and answering reflections. Every reflection is fetched through
`Reflection.objects.visible_to`; whoever that leaves out (staff included) gets a 404, and only
the author may change one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from convening.circles import reflections as services
from convening.circles import rules
from convening.circles.commitments import open_commitments
from convening.circles.forms_reflections import OutcomeForm, ReflectionForm, ReplyForm
from convening.circles.models import (
    CircleMembership,
    Commitment,
    Reflection,
    ReflectionReply,
    ReflectionVisibility,
)
from convening.circles.structures import DEFAULT_STRUCTURE, STRUCTURES
from convening.circles.views import private
from convening.shared.ids import id_from
from events.models import EventPage
from members.decorators import verified_member_required
from members.models import Block
from practices.models import PracticePage, StoryPage

SHARED_SHOWN = 10
OWN_SHOWN = 50


def _readable(user, pk) -> Reflection:
    return get_object_or_404(
        Reflection.objects.visible_to(user).select_related("author__profile", "circle"), pk=pk
    )


def _own(user, pk) -> Reflection:
    return get_object_or_404(Reflection.objects.filter(author=user), pk=pk)


def _about_from_query(request) -> dict:
    """What the new reflection is about, from the address (?session=, ?gathering=, ?practice=,
    ?story=). Anything the member may not see, or that does not exist, is left out quietly:
    an edited address neither fails nor reveals anything."""
    user, query = request.user, request.GET
    about = {}
    if pk := id_from(query.get("session")):
        about["session"] = services.sessions_for(user).filter(pk=pk).first()
    if pk := id_from(query.get("gathering")):
        about["gathering"] = EventPage.objects.live().visible_to(user).filter(pk=pk).first()
    # Only what could be a slug: PostgreSQL refuses a NUL byte in a query with a 500.
    if (slug := query.get("practice")) and "\x00" not in slug:
        about["practice"] = PracticePage.objects.live().public().filter(slug=slug).first()
    if (slug := query.get("story")) and "\x00" not in slug:
        about["story"] = StoryPage.objects.live().public().filter(slug=slug).first()
    return {key: value for key, value in about.items() if value is not None}


def _structure_links(request, current):
    keep = {key: value for key, value in request.GET.items() if key != "structure"}
    return [
        {
            "code": code,
            "name": structure.name,
            "url": f"{request.path}?{urlencode({**keep, 'structure': code})}",
            "current": code == current,
        }
        for code, structure in STRUCTURES.items()
    ]


@verified_member_required
def write_reflection(request):
    about = _about_from_query(request)
    structure = request.GET.get("structure")
    if structure not in STRUCTURES:
        session = about.get("session")
        structure = session.structure if session is not None else DEFAULT_STRUCTURE
    form = ReflectionForm(
        request.POST or None, author=request.user, structure=structure, about=about
    )
    if request.method == "POST" and form.is_valid():
        try:
            reflection = services.write_reflection(request.user, **form.service_fields())
        except services.ReflectionRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "Your reflection is saved.")
            return redirect(reflection)
    return private(
        render(
            request,
            "circles/reflections/write.html",
            {
                "form": form,
                "structure": form.structure,
                "structure_links": _structure_links(request, form.structure.code),
                "has_circles": services.circles_of(request.user).exists(),
            },
            status=400 if form.is_bound and not form.is_valid() else 200,
        )
    )


@verified_member_required
def edit_reflection(request, pk):
    reflection = _own(request.user, pk)
    # The structure stays: another one's prompts would leave the written sections behind.
    form = ReflectionForm(
        request.POST or None,
        author=request.user,
        structure=reflection.structure,
        instance=reflection,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_reflection(reflection, request.user, **form.service_fields())
        except services.ReflectionRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(reflection)
    return private(
        render(
            request,
            "circles/reflections/write.html",
            {
                "form": form,
                "reflection": reflection,
                "structure": form.structure,
                "has_circles": services.circles_of(request.user).exists(),
            },
            status=400 if form.is_bound and not form.is_valid() else 200,
        )
    )


@verified_member_required
def delete_reflection(request, pk):
    reflection = _own(request.user, pk)
    if request.method == "POST":
        services.delete_reflection(reflection, request.user)
        messages.success(request, f"“{reflection.title}” and its replies are deleted.")
        return redirect("circles:my_reflections")
    return private(
        render(
            request,
            "circles/reflections/delete.html",
            {"reflection": reflection, "reply_count": reflection.replies.count()},
        )
    )


def _links_for(user, reflection) -> list[dict]:
    """What the reflection is about, linked only where the reader may see it."""
    links = []
    if reflection.session_id and rules.can_see_session(user, reflection.session):
        session = reflection.session
        links.append(
            {
                "kind": "Circle session",
                "title": f"{session.circle.name}, session {session.number}",
                "url": session.get_absolute_url(),
            }
        )
    if (
        reflection.gathering_id
        and EventPage.objects.live().visible_to(user).filter(pk=reflection.gathering_id).exists()
    ):
        links.append(
            {
                "kind": "Gathering",
                "title": reflection.gathering.title,
                "url": reflection.gathering.url,
            }
        )
    for kind, model, page_id in (
        ("Practice", PracticePage, reflection.practice_id),
        ("Story", StoryPage, reflection.story_id),
    ):
        page = page_id and model.objects.live().public().filter(pk=page_id).first()
        if page:
            links.append({"kind": kind, "title": page.title, "url": page.url})
    return links


def who_can_read(reflection, reader) -> str:
    """The plain-words answer to "who can read this?" on the reflection's page."""
    yours = reflection.author_id == reader.pk
    if reflection.visibility == ReflectionVisibility.PRIVATE:
        return (
            "Only you can read this. Nobody else can: not other members, not your circles, "
            "and not the site's staff."
        )
    if reflection.visibility == ReflectionVisibility.CIRCLE:
        whose = "you and the" if yours else "the"
        circle = reflection.circle.name if reflection.circle else "the circle"
        return (
            f"Only {whose} current members of {circle} can read this and its replies. "
            "Nobody outside the circle can, not even the site's staff. If "
            f"{'you leave' if yours else 'the author leaves'} the circle, it is hidden from it."
        )
    return (
        "Every signed-in member of Convening can read this and its replies. It is never shown "
        "to visitors, in search or in feeds."
    )


@verified_member_required
def reflection(request, pk):
    item = _readable(request.user, pk)
    # A block hides each member's replies from the other, as it hides their reflections.
    replies = (
        ReflectionReply.objects.filter(reflection=item)
        .filter(Block.objects.unblocked(request.user, "author"))
        .select_related("author__profile")
    )
    context = {
        "reflection": item,
        "competencies": item.competencies.order_by("order"),
        "links": _links_for(request.user, item),
        "who_can_read": who_can_read(item, request.user),
        "replies": replies,
        "is_author": rules.can_edit_reflection(request.user, item),
        "can_reply": rules.can_reply(request.user, item),
        "reply_form": ReplyForm(),
    }
    return private(render(request, "circles/reflections/reflection.html", context))


@verified_member_required
def reply(request, pk):
    item = _readable(request.user, pk)
    if request.method != "POST":
        return redirect(item)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(item)
    try:
        services.reply_to(item, request.user, form.cleaned_data["text"])
    except services.ReflectionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Your reply is posted.")
    return redirect(f"{item.get_absolute_url()}#replies")


@verified_member_required
def my_reflections(request):
    user = request.user
    own = (
        Reflection.objects.filter(author=user)
        .select_related("circle")
        .prefetch_related("competencies")
        .annotate(reply_count=Count("replies"))
    )
    # "In a circle the member is in" is implied by `visible_to`; said again here so that the
    # database starts from those circles' reflections rather than weighing every reflection.
    my_circles = CircleMembership.objects.filter(
        member=user, status=CircleMembership.Status.ACTIVE
    ).values("circle")
    shared = (
        Reflection.objects.visible_to(user)
        .filter(visibility=ReflectionVisibility.CIRCLE, circle__in=my_circles)
        .exclude(author=user)
        .select_related("author__profile", "circle")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-pk")[:SHARED_SHOWN]
    )
    waiting = open_commitments(user).select_related("session__circle")[:10]
    total = Reflection.objects.filter(author=user).count()
    return private(
        render(
            request,
            "circles/reflections/mine.html",
            {
                "own": list(own[:OWN_SHOWN]),
                "total": total,
                "more": max(total - OWN_SHOWN, 0),
                "shared": list(shared),
                "waiting": list(waiting),
            },
        )
    )


@verified_member_required
def commitment_outcome(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.filter(member=request.user).select_related("session__circle", "outcome"),
        pk=pk,
    )
    session = commitment.session
    circle = None
    if session is not None and rules.can_see_session(request.user, session):
        circle = session.circle
    form = None
    if not commitment.done:
        form = OutcomeForm(request.POST or None, circle=circle)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                outcome = services.record_outcome(
                    commitment,
                    request.user,
                    tried=data["tried"],
                    text=data["text"],
                    value_cycle=data["value_cycle"],
                    visibility=data["visibility"],
                    circle=circle,
                )
            except services.ReflectionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Thank you: your answer is saved as a reflection.")
                return redirect(outcome)
    elif request.method == "POST":
        messages.info(request, "You have already said how this went.")
        return redirect(request.path)
    status = 400 if form is not None and form.is_bound and not form.is_valid() else 200
    return private(
        render(
            request,
            "circles/reflections/outcome.html",
            {
                "commitment": commitment,
                "form": form,
                "session_visible": circle is not None,
                "outcome_visible": commitment.outcome is not None,
            },
            status=status,
        )
    )
