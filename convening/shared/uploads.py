"""Images editors upload in the Wagtail admin.

Wagtail already refuses files that are too large (WAGTAILIMAGES_MAX_UPLOAD_SIZE), declare too
many pixels (WAGTAILIMAGES_MAX_IMAGE_PIXELS, read from the header before decoding) or are not the
image their extension says. Wagtail keeps the original file as uploaded, though, under the name
it came with, and originals are served from MEDIA_URL: a photo named after a person, or one
carrying the GPS position where it was taken, would be published as it is. This form gives each
upload a random name and keeps only the metadata a picture needs (orientation, colour profile).
Members' own uploads go through `members.avatars`, which re-encodes them entirely.
"""

import os
import secrets
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import ExifTags, Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Formats whose metadata Pillow can rewrite; GIF and SVG carry no EXIF or XMP.
REWRITABLE = {"JPEG", "PNG", "WEBP"}
KEPT_TAGS = {ExifTags.Base.Orientation}


def random_name(name: str) -> str:
    """A name that says nothing about the file or who uploaded it, with its extension kept."""
    extension = os.path.splitext(name)[1].lower()
    return f"{secrets.token_urlsafe(16)}{extension}"


def without_location(upload) -> bytes | None:
    """The image re-saved with no EXIF but its orientation and no XMP, or None when it carries
    neither (then the upload is kept byte for byte)."""
    upload.seek(0)
    with Image.open(upload) as image:
        exif = image.getexif()
        xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
        if image.format not in REWRITABLE or not (len(exif) or exif.get_ifd(0x8825) or xmp):
            return None
        kept = Image.Exif()
        for tag in KEPT_TAGS & set(exif):
            kept[tag] = exif[tag]
        params = {"exif": kept.tobytes()}
        if icc := image.info.get("icc_profile"):
            params["icc_profile"] = icc
        if image.format == "JPEG":
            # The same quantisation tables and subsampling: as close to the original as a
            # re-save of a JPEG can be.
            params.update(quality="keep", subsampling="keep")
        elif image.format == "WEBP":
            params.update(lossless=image.info.get("lossless", False), quality=90)
        if getattr(image, "n_frames", 1) > 1:
            params["save_all"] = True
        out = BytesIO()
        image.save(out, format=image.format, **params)
    return out.getvalue()


class EditorImageField(WagtailImageField):
    """Wagtail's field, with its pixel limit applied to the header before anything is decoded.
    Wagtail asks Willow for the size, and Willow decodes the whole image to answer: a small file
    declaring 80 million pixels would be inflated in memory first, and a truncated one raised an
    error (a 500) instead of a message."""

    def check_image_pixel_size(self, f):
        try:
            f.seek(0)
            with Image.open(f) as header:
                width, height = header.size
        except Image.DecompressionBombError:
            width = height = None  # more than Pillow's own limit: too many, whatever it is
        except (OSError, ValueError, SyntaxError):
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from None
        finally:
            f.seek(0)
        if width is None or (self.max_image_pixels and width * height > self.max_image_pixels):
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": "too many", "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )
        try:
            super().check_image_pixel_size(f)
        except (OSError, ValueError, SyntaxError, EOFError):
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from None


class EditorImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), with the file checked as above,
    renamed at random and stripped of its location and other camera metadata."""

    file = EditorImageField(label="File", widget=BaseImageForm.Meta.widgets["file"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # editing an image without replacing its file
        try:
            cleaned = without_location(upload)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise ValidationError(
                "This image's metadata could not be removed. Please save it again as a JPEG "
                "or PNG and upload that."
            ) from None
        upload.seek(0)
        name = random_name(upload.name)
        if cleaned is None:
            upload.name = name
            return upload
        return SimpleUploadedFile(name, cleaned, content_type=upload.content_type)
