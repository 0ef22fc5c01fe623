"""What reflections add to a member's own space (/me/) and to their data rights: the "Your
reflections" panel, and the reflections, replies and commitments in their data download.
On account deletion, reflections, replies (theirs, and others' to their reflections) and
commitments go with the user row, by cascade; the emails that carried their words or name to
others do not, so `forget_words_emailed_to_others` removes them. Registered in
`convening/circles/wagtail_hooks.py`."""

from django.db.models import Count, Q, Subquery, Window
from django.template.defaultfilters import pluralize
from django.urls import reverse

from members.models import Notification
from members.panels import Line, Panel, last_visit

from .models import CircleMembership, Commitment, Reflection, ReflectionReply

LATEST_SHOWN = 3


def my_reflections_panel(request):
    # The latest few with the count of all of them, in one query (a window over the member's
    # reflections, counted before the LIMIT); and, on the same rows, how many replies others
    # wrote to any of them since the member's last visit.
    since = last_visit(request)
    reflections = Reflection.objects.filter(author=request.user).annotate(total=Window(Count("pk")))
    if since is not None:
        replies = (
            ReflectionReply.objects.filter(reflection__author=request.user, created_at__gt=since)
            .exclude(author=request.user)
            .order_by()
            .values("reflection__author")
            .annotate(count=Count("pk"))
            .values("count")
        )
        reflections = reflections.annotate(new_replies=Subquery(replies))
    latest = list(reflections.order_by("-date", "-pk")[:LATEST_SHOWN])
    total = latest[0].total if latest else 0
    new_replies = (getattr(latest[0], "new_replies", None) or 0) if latest else 0
    news = []
    if new_replies:
        news.append(
            Line(
                "Replies to your reflections",
                f"{new_replies} new repl{pluralize(new_replies, 'y,ies')}",
                reverse("circles:my_reflections"),
                order=20,
            )
        )
    return Panel(
        "Your reflections",
        "circles/reflections/panel.html",
        {"latest": latest, "more": max(total - len(latest), 0)},
        order=36,
        folded=True,
        since_last_visit=news,
    )


def export_reflections(user) -> list:
    return [
        {
            "title": reflection.title,
            "date": reflection.date,
            "structure": reflection.structure_info.name,
            "sections": [
                {"heading": section.get("heading", ""), "text": section.get("text", "")}
                for section in reflection.sections
            ],
            "who_can_read_it": reflection.get_visibility_display(),
            "circle": reflection.circle.name if reflection.circle else None,
            "session": str(reflection.session) if reflection.session else None,
            "gathering": reflection.gathering.title if reflection.gathering else None,
            "practice": reflection.practice.title if reflection.practice else None,
            "story": reflection.story.title if reflection.story else None,
            "competencies": [c.code for c in reflection.competencies.all()],
            "value": reflection.get_value_cycle_display() if reflection.value_cycle else None,
            # Other members' words are theirs: the count, not the text.
            "replies_from_others": reflection.replies_from_others,
            "written_at": reflection.created_at,
            "updated_at": reflection.updated_at,
        }
        for reflection in Reflection.objects.filter(author=user)
        .select_related("circle", "session__circle", "gathering", "practice", "story")
        .prefetch_related("competencies")
        .annotate(replies_from_others=Count("replies", filter=~Q(replies__author=user)))
        .order_by("date", "pk")
    ]


def export_replies(user) -> list:
    """The member's own replies. The reflection replied to is named only while they may still
    read it: someone else's circle reflection is not theirs to take away after they leave."""
    readable = set(Reflection.objects.visible_to(user).values_list("pk", flat=True))
    return [
        {
            "reflection": reply.reflection.title if reply.reflection_id in readable else None,
            "text": reply.text,
            "at": reply.created_at,
        }
        for reply in ReflectionReply.objects.filter(author=user)
        .select_related("reflection")
        .order_by("created_at", "pk")
    ]


def export_commitments(user) -> list:
    return [
        {
            "text": commitment.text,
            "session": str(commitment.session) if commitment.session else None,
            "made_at": commitment.created_at,
            "asked_how_it_went_at": commitment.follow_up_sent_at,
            "done": commitment.done,
            "outcome": commitment.outcome.title if commitment.outcome else None,
        }
        for commitment in Commitment.objects.filter(member=user)
        .select_related("session__circle", "outcome")
        .order_by("created_at", "pk")
    ]


def forget_words_emailed_to_others(user, keep_published=False):
    """The recorded emails, sent or waiting, that told others of the member's replies to their
    reflections (with the member's name) or carried the member's request to join a circle (with
    its message). The replies and requests go with the user row; these copies would outlive
    them."""
    replies = ReflectionReply.objects.filter(author=user).values_list("pk", flat=True)
    keys = Q(key__in=[f"reflection-reply:{pk}" for pk in replies])
    for pk in CircleMembership.objects.filter(member=user).values_list("pk", flat=True):
        keys |= Q(key__startswith=f"circle-request:{pk}:")
    Notification.objects.filter(keys).exclude(user=user).delete()
