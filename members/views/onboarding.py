from django.contrib import messages
from django.shortcuts import redirect, render

from members.decorators import verified_member_required
from members.forms import OnboardingForm
from members.onboarding import finish_onboarding
from members.panels import suggestions


@verified_member_required
def welcome(request):
    """Shown once after the first verified sign-in; never again once done or skipped."""
    profile = request.user.profile
    if profile.onboarding != profile.Onboarding.PENDING:
        return redirect("members:dashboard")
    if request.method == "POST" and "skip" in request.POST:
        finish_onboarding(profile, skipped=True)
        messages.info(request, "You can fill in your profile whenever you like.")
        return redirect("members:dashboard")
    form = OnboardingForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            finish_onboarding(profile, skipped=False)
            messages.success(request, "Welcome! Your profile is saved.")
            return redirect("members:dashboard")
        messages.error(request, "Please correct the parts marked below; nothing was saved.")
    return render(
        request, "members/welcome.html", {"form": form, "suggestions": suggestions(request)}
    )
