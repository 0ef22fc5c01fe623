"""A member's own records of a practice: save it to their list, take it off, say they used it."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from practices import records
from practices.forms_records import PracticeUseForm
from practices.library import page_lets_in
from practices.models import PracticePage, PracticeUse


def live_practice_or_404(request, slug):
    """A practice in the library that this reader may open; a draft, an unpublished one, or one
    in a section closed to them is as good as missing. (A slug is unique only among siblings,
    so more than one page may carry it.)"""
    # Not a listing: each page's own private sections are asked below, before it is used.
    candidates = PracticePage.objects.live()  # nosemgrep: live-pages-without-the-visibility-filter
    for practice in candidates.filter(slug=slug).order_by("path"):
        if page_lets_in(practice, request):
            return practice
    raise Http404


def _back_to(request, practice):
    # The dashboard's "Remove" buttons send people back to /me/; anything else goes to the page.
    target = request.POST.get("next", "")
    # Only a path: redirect() would take any other word for a view name and fail with a 500.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return practice.url


@verified_email_required
@require_POST
def save_practice(request, slug):
    practice = live_practice_or_404(request, slug)
    records.save_practice(request.user, practice)
    messages.success(request, f"“{practice.title}” is on your list, in My space.")
    return redirect(_back_to(request, practice))


@verified_email_required
@require_POST
def unsave_practice(request, slug):
    practice = live_practice_or_404(request, slug)
    if records.unsave_practice(request.user, practice):
        messages.success(request, f"“{practice.title}” is no longer on your list.")
    return redirect(_back_to(request, practice))


@verified_email_required
def record_use(request, slug):
    practice = live_practice_or_404(request, slug)
    earlier = PracticeUse.objects.filter(member=request.user, practice=practice).first()
    form = PracticeUseForm.for_use(request.POST or None, use=earlier)
    if request.method == "POST" and form.is_valid():
        records.record_use(request.user, practice, **form.cleaned_data)
        messages.success(
            request, f"Thank you: you are counted among the members who use “{practice.title}”."
        )
        return redirect(practice.url)
    return render(
        request,
        "practices/record_use.html",
        {"practice": practice, "form": form, "earlier": earlier},
    )
