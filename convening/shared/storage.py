"""Where uploaded files live: public media, except the pictures members upload with their stories.

Wagtail stores every image's original and its sizes (renditions) in the default storage, which
a web server or a CDN hands to anyone who has the address. A picture a member sends with a
story must not be reachable like that while the story is a draft, is sent back, or is later
unpublished, nor when the story sits in a members-only section. Wagtail's collection privacy
does not cover renditions, so the files themselves go elsewhere: the default storage here is
`MediaWithPrivatePictures`, which keeps files named by `private_picture_name()` (and the sizes
Wagtail makes of them, whose names start the same way) in the "private" storage, and gives them
the address of `practices:picture`, the view that asks the story's own rules who may see it.
Every other file goes to the public media storage ("media") as before.
"""

import secrets

from django.core.files.storage import Storage, storages
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.deconstruct import deconstructible
from django.utils.http import quote_etag

# Wagtail names a rendition after its original, cut to fit 59 characters; a short marker at the
# start of the name survives any filter our templates and the admin ask for.
PRIVATE_PICTURE_PREFIX = "member-"


def private_picture_name(extension: str) -> str:
    """A random name (128 bits) for a member's picture, which marks it as private."""
    return f"{PRIVATE_PICTURE_PREFIX}{secrets.token_hex(16)}.{extension}"


def is_private_picture(name: str) -> bool:
    return name.rsplit("/", 1)[-1].startswith(PRIVATE_PICTURE_PREFIX)


@deconstructible
class MediaWithPrivatePictures(Storage):
    """The default storage: each call goes to the "media" storage or, for a member's picture,
    to the "private" one (both configured in STORAGES)."""

    def __init__(self, public="media", private="private"):
        self.public_alias = public
        self.private_alias = private

    def storage_for(self, name) -> Storage:
        return storages[self.private_alias if is_private_picture(name) else self.public_alias]

    def url(self, name):
        if is_private_picture(name):
            return reverse("practices:picture", kwargs={"name": name})
        return self.storage_for(name).url(name)

    def _open(self, name, mode="rb"):
        return self.storage_for(name).open(name, mode)

    def save(self, name, content, max_length=None):
        return self.storage_for(name).save(name, content, max_length=max_length)

    def delete(self, name):
        return self.storage_for(name).delete(name)

    def exists(self, name):
        return self.storage_for(name).exists(name)

    def size(self, name):
        return self.storage_for(name).size(name)

    def path(self, name):
        return self.storage_for(name).path(name)

    def listdir(self, path):
        return storages[self.public_alias].listdir(path)

    def get_valid_name(self, name):
        return storages[self.public_alias].get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return storages[self.public_alias].get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.storage_for(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.storage_for(filename).generate_filename(filename)

    def get_accessed_time(self, name):
        return self.storage_for(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.storage_for(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.storage_for(name).get_modified_time(name)


# The formats of members' pictures, so the answer does not depend on the machine's mime.types.
CONTENT_TYPES = {
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "avif": "image/avif",
    "gif": "image/gif",
}


def send_checked_file(request, storage, name, *, public_seconds=None):
    """The response for a private file, once its view has decided that this request may see
    it. A name is never reused for other content, so it is the ETag, and a browser whose copy
    is current gets 304. Only `public_seconds` (for a file anyone may see) lets shared caches
    keep it; otherwise the answer is private and asked again each time, because who may see it
    changes. A missing file is a 404."""
    etag = quote_etag(name)
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        try:
            file = storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        extension = name.rsplit(".", 1)[-1].lower()
        response = FileResponse(
            file, content_type=CONTENT_TYPES.get(extension, "application/octet-stream")
        )
    response["ETag"] = etag
    if public_seconds:
        patch_cache_control(response, public=True, max_age=public_seconds)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response
