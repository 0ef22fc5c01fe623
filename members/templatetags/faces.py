"""`{% avatar profile size="small" %}`: a person's face beside their name, everywhere a person
appears. What it shows is decided in `members.faces`."""

from django import template
from django.contrib.auth.models import AnonymousUser

from members.faces import face_of

register = template.Library()

# Pixels across, for the <img> width and height (the CSS class sets the shown size).
SIZES = {"small": 32, "medium": 48, "large": 120}


@register.inclusion_tag("components/avatar.html", takes_context=True)
def avatar(context, profile, size="small", name=""):
    """Decorative: the name is always written beside it, so screen readers skip it. `name`
    gives the initials where there is no profile to show (an author who is not a member)."""
    if size not in SIZES:
        raise template.TemplateSyntaxError(f"avatar size must be one of {', '.join(SIZES)}")
    request = context.get("request")
    viewer = request.user if request is not None else context.get("user", AnonymousUser())
    return {"face": face_of(profile, viewer, name=name), "size": size, "pixels": SIZES[size]}
