from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from practices.pictures import is_public_picture, may_see_picture, picture_named

# A published picture may be kept by browsers and shared caches for as long as a published page
# is (PAGE_CACHE_SECONDS' default), so unpublishing a story hides its picture as soon as its page.
PUBLIC_SECONDS = 300
# The formats Wagtail writes, so the answer does not depend on the machine's mime.types.
CONTENT_TYPES = {
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "avif": "image/avif",
    "gif": "image/gif",
}


@require_safe
def picture(request, name):
    """A member's story picture (its original or one of its sizes), for whoever may see it
    (`practices.pictures`), and a 404 for anyone else, as if there were no such file."""
    image = picture_named(name)
    if image is None or not may_see_picture(request, image):
        raise Http404
    # A name is never reused for other content, so it tells a browser whether its copy is current.
    etag = quote_etag(name)
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        try:
            file = default_storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        extension = name.rsplit(".", 1)[-1].lower()
        response = FileResponse(
            file, content_type=CONTENT_TYPES.get(extension, "application/octet-stream")
        )
    response["ETag"] = etag
    if is_public_picture(image):
        patch_cache_control(response, public=True, max_age=PUBLIC_SECONDS)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response
