from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers

from events import rules
from events.forms import ReplyForm
from events.models import AccessNeeds, Rsvp
from events.reading import gathering_page_context
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


def page_context(event, request) -> dict:
    """The gathering page's context (`EventPage.get_context`): what `events.reading` reads
    for the viewer, and the reply form when they may reply."""
    context = gathering_page_context(event, request)
    member, own = context["is_member"], context["rsvp"]
    form = reply_form(event, request.user, own) if member and event.replies_open() else None
    return context | {"reply_form": form}


def reply_form(event, member, own) -> ReplyForm:
    """The reply form, filled with the member's current reply, or else with the access needs
    they asked us to remember (offered only when the form asks for them)."""
    initial = {"on_attendee_list": own.on_attendee_list if own else True}
    if own and own.status != Rsvp.Status.NOT_GOING:
        return ReplyForm(
            initial=initial
            | {
                "access_needs": list(own.access_needs.all()),
                "access_notes": own.access_notes,
                "question": own.question,
            }
        )
    saved = None
    if event.pk:
        saved = AccessNeeds.objects.filter(member=member).prefetch_related("needs").first()
    if saved:
        initial |= {"access_needs": list(saved.needs.all()), "access_notes": saved.notes}
    return ReplyForm(initial=initial)
