"""Email preferences at /me/email/, and the unsubscribe page email links lead to (no sign-in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from members.forms_preferences import EmailPreferencesForm
from members.notifications import UNSUBSCRIBE_SCOPES, InvalidUnsubscribeLink, read_unsubscribe_token
from members.notifications import unsubscribe as turn_off


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request):
    profile = request.user.profile
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, "Your email preferences are saved.")
            return redirect("members:email_preferences")
        messages.error(request, "Nothing was changed. Please correct the choices marked below.")
    else:
        form = EmailPreferencesForm(instance=profile)
    return render(request, "members/email_preferences.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Works without signing in: the signed token says whose emails to turn off. GET only asks;
    the POST turns them off, so link scanners that follow links change nothing."""
    try:
        user, scope = read_unsubscribe_token(token)
    except InvalidUnsubscribeLink:
        return render(request, "members/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        turn_off(user, scope)
    return render(
        request,
        "members/unsubscribe.html",
        {"what": UNSUBSCRIBE_SCOPES[scope], "done": done},
    )
