"""Blocking and reporting: members' own tools for staying safe."""

from django.contrib.contenttypes.models import ContentType

from .models import Block, Report


def block(blocker, blocked) -> Block:
    """Hide each from the other and stop messages between them. Idempotent."""
    if blocker.pk == blocked.pk:
        raise ValueError("A member cannot block themselves.")
    return Block.objects.get_or_create(blocker=blocker, blocked=blocked)[0]


def blocked_by(user):
    """The members `user` has blocked, most recent first, with their profiles: what /me/blocked/
    lists, so a block can be seen and undone."""
    return list(
        Block.objects.filter(blocker=user)
        .select_related("blocked__profile")
        .order_by("-created_at", "-pk")
    )


def unblock(blocker, blocked) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def report(reporter, subject, *, reason: str, details: str = "") -> Report:
    """Tell staff about a member or a piece of content. Staff see it in the admin."""
    return Report.objects.create(
        reporter=reporter,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        subject_description=f"{subject._meta.verbose_name.capitalize()}: {subject}"[:200],
        reason=reason,
        details=details,
    )
