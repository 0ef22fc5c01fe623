"""A member's data rights: a copy of everything the site holds about them, and deleting it.

`members` is the lowest app, so it cannot know what the apps above it store. Each app (members
too) adds its part through Wagtail hooks registered in its `wagtail_hooks.py` (README,
"Extension points: hooks"):

    @hooks.register("convening_data_export")
    def gathering_exports():
        return [DataExport("rsvps", export_rsvps, "Gatherings you replied to.")]

    hooks.register("convening_erasure", forget_rsvps)

- `convening_data_export`: `func()` returns `DataExport`s. An export function takes the user
  and returns JSON-serialisable data (dates and datetimes are fine), which becomes
  `<name>.json` in the zip.
- `convening_data_export_files`: `func()` returns `DataExportFiles`. A files function takes
  the user and yields `(path in the zip, File)` pairs.
- `convening_erasure`: `func(user, *, keep_published)`, where `keep_published` says whether
  published stories may stay, shown as by "a former member". It runs inside the deletion's
  transaction, before the user row is deleted; raising rolls the whole deletion back.

The parts come in the order of the hooks: lowest app first, as in `INSTALLED_APPS`.
"""

import io
import json
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks
from wagtail.users.models import UserProfile as AdminProfile

from .models import Block, ContactMessage, Notification, Profile, Report

EXPORT_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class DataExport:
    """`<name>.json`, made by `func(user)`, in every member's export. `description` says in
    plain words what the file holds; it appears in the zip's README and on the "My data" page.
    The name is lower-case letters, digits, `-` and `_`, and only one function may use it."""

    name: str
    func: Callable[[Any], Any]
    description: str = ""


@dataclass(frozen=True)
class DataExportFiles:
    """The files `func(user)` yields, as `(path in the zip, File)`, in every member's export."""

    func: Callable[[Any], Iterable[tuple[str, File]]]
    description: str = ""


def data_exports() -> list[DataExport]:
    """Every export the `convening_data_export` hooks give, one per name. Raises ValueError for
    a name that is not lower-case letters, digits, `-` and `_`, or that two functions use."""
    exports: dict[str, DataExport] = {}
    for give in hooks.get_hooks("convening_data_export"):
        for export in give():
            if not EXPORT_NAME.fullmatch(export.name):
                raise ValueError(
                    f"{export.name!r} cannot be an export name: use a-z, 0-9, - and _."
                )
            existing = exports.get(export.name)
            if existing is not None and existing.func is not export.func:
                raise ValueError(
                    f"The export {export.name!r} is already registered by {existing.func!r}."
                )
            exports[export.name] = export
    return list(exports.values())


def data_export_files() -> list[DataExportFiles]:
    """Every files provider the `convening_data_export_files` hooks give, each function once."""
    providers: dict[Callable, DataExportFiles] = {}
    for give in hooks.get_hooks("convening_data_export_files"):
        for provider in give():
            providers.setdefault(provider.func, provider)
    return list(providers.values())


def erasures() -> list[Callable[..., None]]:
    """The `convening_erasure` hooks, each function once."""
    return list(dict.fromkeys(hooks.get_hooks("convening_erasure")))


def what_we_hold() -> list[str]:
    """What a member's export holds, one plain sentence per registered part."""
    parts = [*data_exports(), *data_export_files()]
    return [part.description for part in parts if part.description]


def export_member_data(user) -> bytes:
    """A zip, built in memory, of everything registered about `user`: one JSON file per export,
    their images, and a README.txt saying what each file is. Reads only; changes nothing.
    A file that has gone missing from storage is left out and named in the README. Raises
    ValueError if two file providers claim the same path, or a path tries to leave the zip."""
    exports = data_exports()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for export in exports:
            data = json.dumps(
                export.func(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
            )
            archive.writestr(f"{export.name}.json", data + "\n")
        written, missing = [], []
        taken = {f"{export.name}.json" for export in exports} | {"README.txt"}
        for provider in data_export_files():
            for path, file in provider.func(user):
                path = _zip_path(path)
                if path in taken:
                    raise ValueError(f"Two parts of the export both want to write {path!r}.")
                taken.add(path)
                try:
                    with file.open("rb") as source, archive.open(path, "w") as target:
                        shutil.copyfileobj(source, target)
                except FileNotFoundError:
                    missing.append(path)
                    continue
                written.append((path, provider.description))
        archive.writestr("README.txt", _readme(exports, written, missing))
    return buffer.getvalue()


def delete_account(user, *, keep_published: bool) -> None:
    """Delete `user`'s account and the personal data and private content the site holds.

    Side effects, all in one transaction:
    - every registered erasure runs first, with `keep_published` (other apps delete private
      content, and keep published stories as by "a former member" only if it is true);
    - the emails recorded for other members that carried the member's words (their messages
      and answers) are deleted, sent or not;
    - the user row is deleted, and with it, by cascade: the profile (sectors, interests,
      boundaries), messages sent and received, blocks made and received, notifications, email
      addresses, two-factor authenticators and the Wagtail admin profile. Reports the member
      made stay for staff, no longer linked to anyone.
    After the transaction commits, the avatar files are deleted from storage; a rollback keeps
    them. Raises whatever an erasure raises, and then nothing is deleted.
    """
    with transaction.atomic():
        for erase in erasures():
            erase(user, keep_published=keep_published)
        _erase_words_emailed_to_others(user)
        images = [
            (image.storage, image.name)
            for owner in (
                Profile.objects.filter(user=user).first(),
                AdminProfile.objects.filter(user=user).first(),
            )
            if owner is not None and (image := owner.avatar)
        ]
        user.delete()
        for storage, name in images:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def _erase_words_emailed_to_others(user) -> None:
    """The recorded emails that carried the member's words to others, sent or still waiting: a
    message they wrote ("message:<pk>") and their answer to one ("reply:<pk>:<when>"). The
    messages themselves go with the user row; these copies would otherwise outlive them."""
    sent = ContactMessage.objects.filter(sender=user).values_list("pk", flat=True)
    answered = ContactMessage.objects.filter(recipient=user, replied_at__isnull=False)
    keys = Q(key__in=[f"message:{pk}" for pk in sent])
    for pk in answered.values_list("pk", flat=True):
        keys |= Q(key__startswith=f"reply:{pk}:")
    Notification.objects.filter(keys).exclude(user=user).delete()


def _zip_path(path: str) -> str:
    normal = posixpath.normpath(path)
    if posixpath.isabs(normal) or normal == "." or normal.split("/")[0] == "..":
        raise ValueError(f"{path!r} cannot be a path in the export.")
    return normal


def _readme(exports: list[DataExport], written: list[tuple[str, str]], missing: list[str]) -> str:
    lines = [
        "Everything Convening holds about you.",
        f"Exported on {timezone.localdate():%Y-%m-%d}.",
        "",
        "Dates and times are in UTC, written as ISO 8601 (2025-03-01T09:30:00Z).",
        "",
        "What each file holds:",
        "",
    ]
    for export in exports:
        lines.append(f"{export.name}.json: {export.description or 'data about you.'}")
    for path, description in written:
        lines.append(f"{path}: {description or 'a file you uploaded.'}")
    if missing:
        lines += ["", "These files could not be found in storage, so they are not included:"]
        lines += missing
    return "\n".join(lines) + "\n"


# What members itself holds. ----------------------------------------------------------------

# Fields of the profile that are the database's bookkeeping, or exported as a file instead.
_PROFILE_NOT_EXPORTED = {"id", "user", "avatar"}


def _name_of(user) -> str:
    """Another member as the export shows them: their display name, never their address."""
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else "A member"


def _avatar_path(image, stem: str) -> str:
    extension = posixpath.splitext(image.name)[1].lower() or ".webp"
    return f"images/{stem}{extension}"


def export_account(user) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "is_staff": user.is_staff,
        "signs_in_with_a_password": user.has_usable_password(),
        # Which kinds of second factor are set up, never their secrets.
        "two_factor_authentication": [
            {"kind": method.get_type_display(), "added": method.created_at}
            for method in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def export_profile(user) -> dict:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return {}
    # Every stored field, so a field added to the profile later is exported without a change here.
    data = {
        field.name: field.value_from_object(profile)
        for field in Profile._meta.concrete_fields
        if field.name not in _PROFILE_NOT_EXPORTED
    }
    data["avatar"] = _avatar_path(profile.avatar, "avatar") if profile.avatar else None
    data["sectors"] = [sector.name for sector in profile.sectors.all()]
    data["interests"] = sorted(profile.interests.names())
    data["boundaries"] = sorted(profile.boundaries.names())
    return data


def export_messages(user) -> dict:
    sent = ContactMessage.objects.filter(sender=user).select_related("recipient__profile")
    received = ContactMessage.objects.filter(recipient=user).select_related("sender__profile")
    return {
        "sent": [
            {
                "to": _name_of(message.recipient),
                "body": message.body,
                "sent_at": message.created_at,
                "they_replied_at": message.replied_at,
            }
            for message in sent
        ],
        "received": [
            {
                "from": _name_of(message.sender),
                "body": message.body,
                "received_at": message.created_at,
                "you_replied_at": message.replied_at,
            }
            for message in received
        ],
    }


def export_blocks(user) -> list:
    # Only the blocks the member made: who has blocked them is kept from them on purpose.
    blocks = Block.objects.filter(blocker=user).select_related("blocked__profile")
    return [
        {"member": _name_of(block.blocked), "blocked_at": block.created_at}
        for block in blocks.order_by("created_at")
    ]


def export_reports(user) -> list:
    # Staff notes are the staff's working record, not the member's data.
    return [
        {
            "about": report.subject_description,
            "reason": report.get_reason_display(),
            "details": report.details,
            "status": report.get_status_display(),
            "reported_at": report.created_at,
        }
        for report in Report.objects.filter(reporter=user)
    ]


def export_notifications(user) -> list:
    return [
        {
            "subject": notification.subject,
            "kind": notification.kind,
            "created_at": notification.created_at,
            "sent_at": notification.sent_at,
            "failed_at": notification.failed_at,
        }
        for notification in Notification.objects.filter(user=user)
    ]


def export_avatars(user):
    for owner, stem in (
        (Profile.objects.filter(user=user).first(), "avatar"),
        (AdminProfile.objects.filter(user=user).first(), "admin-avatar"),
    ):
        if owner is not None and owner.avatar:
            yield _avatar_path(owner.avatar, stem), owner.avatar
