from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from convening.shared.storage import send_checked_file
from members.decorators import verified_member_required
from members.forms import ProfileForm
from members.models import Audience, Block, Profile
from members.panels import profile_sections
from members.rules import can_block


def profile(request, slug):
    """A member's profile, as this viewer may see it. Anyone not allowed gets a 404, so a
    hidden profile cannot be told apart from one that does not exist."""
    found = visible_profile_or_404(request.user, slug)
    audience = found.audience_of(request.user)
    return render(
        request,
        "members/profile.html",
        {
            **profile_context(found, audience),
            "can_message": audience != Audience.VISITOR and found.user_id != request.user.pk,
            "can_block": can_block(request.user, found.user),
            "has_blocked": request.user.is_authenticated
            and Block.objects.filter(blocker=request.user, blocked=found.user).exists(),
            "sections": profile_sections(found, request.user),
        },
    )


@require_safe
def avatar(request, slug):
    """A member's picture, for whoever may see their profile and a 404 for anyone else, like the
    profile itself. Never kept by a shared cache, and checked again on every view, because who
    may see it depends on who asks and changes when the member hides their profile."""
    found = visible_profile_or_404(request.user, slug)
    if not found.avatar:
        raise Http404
    return send_checked_file(request, found.avatar.storage, found.avatar.name)


def profile_context(found, audience):
    return {
        "profile": found,
        "audience": audience,
        "show_contact": found.shows("contact", audience),
        "show_organisation": found.shows("organisation", audience),
        "show_lived_experience": found.shows("lived_experience", audience),
    }


@verified_member_required
def edit_profile(request):
    mine = request.user.profile
    form = ProfileForm(request.POST or None, request.FILES or None, instance=mine)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile is saved.")
            return redirect("members:edit_profile")
        messages.error(request, "Please correct the parts marked below; nothing was saved.")
    return render(request, "members/edit_profile.html", {"form": form, "profile": mine})


PREVIEW_AUDIENCES = {"visitor": Audience.VISITOR, "member": Audience.MEMBER}


@verified_member_required
def preview_profile(request):
    """The member's own profile exactly as a visitor or another member sees it."""
    audience = PREVIEW_AUDIENCES.get(request.GET.get("as"), Audience.MEMBER)
    mine = request.user.profile
    if not mine.seen_by(audience):
        context = {"profile": mine, "audience": audience, "hidden": True}
    else:
        context = {**profile_context(mine, audience), "hidden": False}
    context["preview_choices"] = PREVIEW_AUDIENCES
    return render(request, "members/preview_profile.html", context)


def visible_profile_or_404(viewer, slug):
    return get_object_or_404(Profile.objects.visible_to(viewer).select_related("user"), slug=slug)
