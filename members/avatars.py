"""Images members upload: only real JPEG, PNG or WebP images, checked before they are decoded,
re-encoded small. Used for avatars here and for the images of stories members submit."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
AVATAR_SIDE = 400


def reencode_upload(upload, *, longest_side: int) -> bytes:
    """Check an uploaded file is a real image of an allowed kind and size, and return it as WebP
    bytes at most `longest_side` pixels across. Re-encoding drops EXIF data (including any
    location) and anything hidden after the image data. Raises ValidationError with a message
    for the member."""
    if upload.size > MAX_BYTES:
        raise ValidationError("That image is larger than 5 MB. Please choose a smaller one.")
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in ALLOWED_FORMATS:
                raise ValidationError("Please upload a JPEG, PNG or WebP image.")
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "That image has too many pixels. Please choose a smaller one."
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail((longest_side, longest_side))
            out = BytesIO()
            image.save(out, format="WEBP", quality=85)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow's own guard, for pictures declaring even more pixels than MAX_PIXELS allows.
        raise ValidationError(
            "That image has too many pixels. Please choose a smaller one."
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError("That file is not an image we can read.") from None
    return out.getvalue()


def prepare_avatar(upload) -> ContentFile:
    """An avatar: the upload checked and re-encoded as a 400 px WebP."""
    return ContentFile(reencode_upload(upload, longest_side=AVATAR_SIDE), name="avatar.webp")
