"""Who may see a picture a member sent with a story: whoever may see a live page showing it,
the member who sent it, and the editors who may use it in the admin. Nobody else, whatever
state the story is in (a draft, in review, sent back, unpublished, in a members-only section).

The files live in private storage (`convening.shared.storage`); `practices.views.pictures`
sends them after asking `access_to_picture`.
"""

from functools import cache

from django.db import models
from wagtail.images import get_image_model
from wagtail.models import get_page_models
from wagtail.permissions import policy_registry

from convening.shared.storage import is_private_picture

from .library import page_lets_in


def picture_named(name: str):
    """The image whose original or one of whose sizes is stored as `name`, if it is a member's
    picture; otherwise None."""
    if not is_private_picture(name):
        return None
    Image = get_image_model()
    # Wagtail keeps originals under original_images/ and every size under images/.
    if name.startswith("original_images/"):
        return Image.objects.filter(file=name).first()
    rendition = (
        Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
    )
    return rendition.image if rendition else None


# What `access_to_picture` answers.
PUBLIC = "public"  # anyone may see it: a live page outside every private section shows it
ALLOWED = "allowed"  # this request may, but not everyone


def access_to_picture(request, image) -> str | None:
    """PUBLIC, ALLOWED, or None when this request may not see `image`."""
    pages = pages_showing(image)
    if any(not page.get_view_restrictions() for page in pages):
        return PUBLIC
    user = request.user
    if user.is_authenticated and image.uploaded_by_user_id == user.pk:
        return ALLOWED
    editors = policy_registry.get_by_type(type(image))
    if editors.user_has_any_permission_for_instance(user, ["change", "choose"], image):
        return ALLOWED
    if any(page_lets_in(page, request) for page in pages):
        return ALLOWED
    return None


def pages_showing(image) -> list:
    """The live pages whose picture `image` is, private sections included: the callers ask
    each page's own restrictions."""
    pages = []
    for model, field in _page_fields_holding_an_image():
        live = model.objects.live()  # nosemgrep: live-pages-without-the-visibility-filter
        pages.extend(live.filter(**{field: image}))
    return pages


@cache
def _page_fields_holding_an_image() -> tuple[tuple[type, str], ...]:
    """(page model, field name) for every page type's own foreign key to an image, so a page
    type that gains a picture later is covered without a list to keep up to date."""
    Image = get_image_model()
    return tuple(
        (model, field.name)
        for model in get_page_models()
        for field in model._meta.get_fields(include_parents=False)
        if isinstance(field, models.ForeignKey) and field.related_model is Image
    )
