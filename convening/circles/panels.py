"""What circles add to a member's own space (/me/) and to their data download. Registered in
`convening/wagtail_hooks.py`. A member's circles are shown to that member only."""

from members.panels import Panel

from .models import CircleMembership

Status = CircleMembership.Status


def my_circles_panel(request):
    memberships = list(
        CircleMembership.objects.filter(
            member=request.user, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED]
        )
        .select_related("circle")
        .order_by("circle__name", "pk")
    )
    return Panel(
        "Your circles",
        "circles/circle_panel.html",
        {"memberships": memberships},
        order=27,
    )


def export_memberships(user) -> list:
    return [
        {
            "circle": membership.circle.name,
            "role": membership.get_role_display(),
            "status": membership.get_status_display(),
            "answers_to_join_questions": membership.answers,
            "message_to_facilitators": membership.message,
            "accepted_agreements_at": membership.agreed_at,
            "asked_or_invited_at": membership.created_at,
            "joined_at": membership.joined_at,
            "ended_at": membership.ended_at,
        }
        for membership in CircleMembership.objects.filter(member=user)
        .select_related("circle")
        .order_by("created_at", "pk")
    ]
