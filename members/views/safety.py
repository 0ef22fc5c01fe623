from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from members import safety
from members.decorators import verified_member_required
from members.forms import ReportForm
from members.views.profiles import visible_profile_or_404


@require_POST
@verified_member_required
def block_member(request, slug):
    other = visible_profile_or_404(request.user, slug)
    if other.user_id == request.user.pk:
        messages.error(request, "You cannot block yourself.")
        return redirect(other)
    safety.block(request.user, other.user)
    messages.success(
        request,
        f"You have blocked {other.name}. Neither of you will see the other in the directory, "
        "and they cannot send you messages.",
    )
    return redirect("members:directory")


@require_POST
@verified_member_required
def unblock_member(request, slug):
    # A blocked member is hidden from the blocker, so look them up among all profiles the
    # blocker has blocked, not among visible ones.
    blocked = request.user.blocks_made.filter(blocked__profile__slug=slug).first()
    if blocked is not None:
        safety.unblock(request.user, blocked.blocked)
        messages.success(request, "Unblocked.")
    return redirect("members:dashboard")


@verified_member_required
def report_member(request, slug):
    other = visible_profile_or_404(request.user, slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        safety.report(request.user, other, **form.cleaned_data)
        messages.success(request, "Thank you. The site's staff will look at your report.")
        return redirect(other)
    return render(request, "members/report.html", {"form": form, "profile": other})
