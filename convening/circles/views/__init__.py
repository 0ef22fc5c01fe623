from django.utils.cache import patch_cache_control


def private(response):
    """Circle material and a member's own reflections: never kept by a proxy or the browser."""
    patch_cache_control(response, private=True, no_store=True)
    return response
