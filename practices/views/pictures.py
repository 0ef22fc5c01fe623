from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_safe

from convening.shared.storage import send_checked_file
from practices.pictures import PUBLIC, access_to_picture, picture_named

# A published picture may be kept by browsers and shared caches for as long as a published page
# is (PAGE_CACHE_SECONDS' default), so unpublishing a story hides its picture as soon as its page.
PUBLIC_SECONDS = 300


@require_safe
def picture(request, name):
    """A member's story picture (its original or one of its sizes), for whoever may see it
    (`practices.pictures`), and a 404 for anyone else, as if there were no such file."""
    image = picture_named(name)
    access = access_to_picture(request, image) if image else None
    if access is None:
        raise Http404
    return send_checked_file(
        request,
        default_storage,
        name,
        public_seconds=PUBLIC_SECONDS if access == PUBLIC else None,
    )
