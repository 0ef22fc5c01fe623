from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members import safety
from members.decorators import verified_member_required
from members.forms import ReportForm
from members.views.profiles import visible_profile_or_404


@require_http_methods(["GET", "POST"])
@verified_member_required
def block_member(request, slug):
    """GET asks first, saying what a block does; the form it shows blocks."""
    other = visible_profile_or_404(request.user, slug)
    if other.user_id == request.user.pk:
        messages.error(request, "You cannot block yourself.")
        return redirect(other)
    if request.method == "GET":
        return render(request, "members/block.html", {"profile": other})
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
    blocked = (
        request.user.blocks_made.filter(blocked__profile__slug=slug)
        .select_related("blocked__profile")
        .first()
    )
    if blocked is not None:
        safety.unblock(request.user, blocked.blocked)
        messages.success(request, f"You have unblocked {blocked.blocked.profile.name}.")
    return redirect("members:blocked")


@require_GET
@verified_member_required
def blocked_members(request):
    return render(request, "members/blocked.html", {"blocks": safety.blocked_by(request.user)})


@verified_member_required
def report_member(request, slug):
    other = visible_profile_or_404(request.user, slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        safety.report(request.user, other, **form.cleaned_data)
        messages.success(request, "Thank you. The site's staff will look at your report.")
        return redirect(other)
    return render(request, "members/report.html", {"form": form, "profile": other})
