"""A member's own records of a practice: save it to their list, take it off, say they used it."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from practices import records
from practices.forms_records import PracticeUseForm
from practices.models import PracticePage, PracticeUse


def live_practice_or_404(slug):
    """A practice that is in the library; a draft or unpublished one is as good as missing."""
    return get_object_or_404(PracticePage.objects.live(), slug=slug)


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
    practice = live_practice_or_404(slug)
    records.save_practice(request.user, practice)
    messages.success(request, f"“{practice.title}” is on your list, in My space.")
    return redirect(_back_to(request, practice))


@verified_email_required
@require_POST
def unsave_practice(request, slug):
    practice = live_practice_or_404(slug)
    if records.unsave_practice(request.user, practice):
        messages.success(request, f"“{practice.title}” is no longer on your list.")
    return redirect(_back_to(request, practice))


@verified_email_required
def record_use(request, slug):
    practice = live_practice_or_404(slug)
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
