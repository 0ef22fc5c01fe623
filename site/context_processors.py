from django.conf import settings


def site_meta(request):
    """Absolute URLs for canonical and Open Graph tags, from SITE_URL, not the Host header."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "canonical_url": settings.SITE_URL + request.path,
    }
