"""Who may do what in circles and with reflections. Lists use the QuerySet rules
(`Circle.objects.visible_to`, `CircleSession.objects.visible_to`,
`Reflection.objects.visible_to`); these are the object-level checks built on them. Staff have
no exception: circles are sealed."""

from members.models import Block, is_verified_member

from .models import Circle, CircleMembership, CircleSession, Reflection

FACILITATORS_GROUP = "Facilitators"


def membership_of(user, circle) -> CircleMembership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(circle, "_membership_of", {})
    if user.pk not in cache:
        cache[user.pk] = CircleMembership.objects.filter(circle=circle, member=user).first()
        circle._membership_of = cache
    return cache[user.pk]


def can_see_circle(user, circle) -> bool:
    return Circle.objects.visible_to(user).filter(pk=circle.pk).exists()


def is_circle_member(user, circle) -> bool:
    """An active member (facilitators included) who may see the member list, the sessions and
    what is shared with the circle."""
    membership = membership_of(user, circle)
    return bool(
        membership
        and membership.status == CircleMembership.Status.ACTIVE
        and is_verified_member(user)
    )


def is_facilitator(user, circle) -> bool:
    membership = membership_of(user, circle)
    return bool(
        is_circle_member(user, circle) and membership.role == CircleMembership.Role.FACILITATOR
    )


def can_start_circles(user) -> bool:
    """Facilitators (the role) start circles; they then facilitate the circles they start."""
    return is_verified_member(user) and (
        user.is_superuser or user.groups.filter(name=FACILITATORS_GROUP).exists()
    )


def can_see_session(user, session) -> bool:
    return CircleSession.objects.visible_to(user).filter(pk=session.pk).exists()


def can_read_reflection(user, reflection) -> bool:
    return Reflection.objects.visible_to(user).filter(pk=reflection.pk).exists()


def can_edit_reflection(user, reflection) -> bool:
    return user.is_authenticated and reflection.author_id == user.pk


def can_reply(user, reflection) -> bool:
    """Replies come from people who may read the reflection, when it is shared (a private
    reflection is the author's alone), and never across a block, either way: each reply
    emails the author."""
    return (
        reflection.visibility != "private"
        and is_verified_member(user)
        and can_read_reflection(user, reflection)
        and not Block.objects.between(user, reflection.author_id).exists()
    )
