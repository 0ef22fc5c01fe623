"""How a person appears beside their name: their picture, when the viewer may see it, or
their initials on a colour of their own (`{% avatar %}` in `members/templatetags/faces.py`).

Whether the picture may be shown is worked out from the profile row the page already has, so a
list of people costs no query per person: the same rule as `ProfileQuerySet.visible_to`, which
`members:avatar` asks before it sends the picture. Where that rule needs more than the row (a
block between the two members), one query for the viewer's blocks serves the whole request."""

import zlib
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse

from .models import Block, Profile, is_verified_member
from .models.profile import is_staff_with_powers
from .visibility import Visibility

# The initials' backgrounds, also `.avatar--colour-N` in site.css (in this order): each holds
# white text at a contrast of 4.5:1 or more, so the initials read even where they are not
# decorative.
PALETTE = (
    "#1d4f4a",
    "#0b5d8c",
    "#8a3b12",
    "#5b3a8c",
    "#1e6b33",
    "#a01e4a",
    "#3d4a5c",
    "#7a4e00",
)

# The profile fields a face needs, for `.only()` in lists of people.
FACE_FIELDS = ("user_id", "slug", "display_name", "avatar", "visibility")


@dataclass(frozen=True)
class Face:
    picture_url: str
    initials: str
    colour: int


def face_of(profile: Profile | None, viewer, *, name: str = "") -> Face:
    """The face `viewer` sees of `profile`: its picture when they may see it, else initials.
    Without a profile (someone who is not a member, or whose profile the viewer may not see),
    the initials of `name`."""
    if profile is None:
        return Face("", initials(name), colour(name))
    if picture_shown(profile, viewer):
        picture = reverse("members:avatar", kwargs={"slug": profile.slug})
    else:
        picture = ""
    return Face(picture, initials(profile.display_name), colour(profile.slug))


def initials(name: str) -> str:
    """The first letters of the first and last words of a name ("Ama Owusu-Reid": "AO");
    one letter for a one-word name, "?" for none."""
    words = [word for word in name.split() if word[0].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def colour(key: str) -> int:
    """A colour of the palette for a person, the same on every page and every day: CRC-32,
    not Python's `hash`, which changes with each process."""
    return zlib.crc32(key.encode()) % len(PALETTE)


def initials_picture(face: Face) -> str:
    """The initials on their colour as an image address (an SVG in a `data:` URL), for the
    places that want a picture, not HTML: the Wagtail admin. The page's CSP allows `data:`
    images; the SVG carries no script and no style."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{PALETTE[face.colour]}"/>'
        '<text x="50" y="50" dy="0.35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui, sans-serif" font-size="42" font-weight="700">'
        f"{face.initials}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg)


def picture_shown(profile: Profile, viewer) -> bool:
    """Whether `viewer` may see the picture of `profile`: when they may see the profile
    (`ProfileQuerySet.visible_to`), answered from the row and the viewer's blocks."""
    if not profile.avatar:
        return False
    if viewer.is_authenticated and viewer.pk == profile.user_id:
        return True
    if is_staff_with_powers(viewer):
        return True
    # A deactivated account is shown to no one but staff. Lists of people come from the
    # accounts or filter out the deactivated ones; where the account is at hand, ask it.
    if Profile.user.is_cached(profile) and not profile.user.is_active:
        return False
    if not is_verified_member(viewer):
        return profile.visibility == Visibility.PUBLIC
    if profile.visibility not in (Visibility.PUBLIC, Visibility.MEMBERS):
        return False
    return profile.user_id not in blocked_either_way(viewer)


def blocked_either_way(viewer) -> frozenset:
    """The accounts `viewer` blocked or was blocked by, once per request (kept on the user
    object, like `is_verified_member`)."""
    cached = getattr(viewer, "_blocked_either_way", None)
    if cached is None:
        pairs = Block.objects.involving(viewer).values_list("blocker_id", "blocked_id")
        cached = frozenset(pk for pair in pairs for pk in pair) - {viewer.pk}
        viewer._blocked_either_way = cached
    return cached
