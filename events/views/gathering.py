from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers

from events import rules
from events.visibility import GatheringVisibility


def serve_gathering(request, event, serve, *args, **kwargs):
    """A gathering's page, for those who may know it exists. Visitors are asked to sign in for
    a members-only gathering; anyone else who may not see it gets the same 404 as for a page
    that does not exist."""
    if not getattr(request, "is_preview", False) and not rules.can_see(request.user, event):
        if event.visibility == GatheringVisibility.MEMBERS and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    response = serve(request, *args, **kwargs)
    # Signed-in pages are made private for every view (`page_cache.PageCacheMiddleware`);
    # a gathering not open to all is private for visitors too.
    if event.visibility != GatheringVisibility.PUBLIC:
        patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response
