from django.contrib import messages
from django.shortcuts import redirect, render

from events.forms import AccessNeedsForm
from events.models import AccessNeeds
from members.decorators import verified_member_required


@verified_member_required
def edit_access_needs(request):
    """The member's access and hospitality needs: private, offered at each reply."""
    needs = AccessNeeds.objects.filter(member=request.user).first() or AccessNeeds(
        member=request.user
    )
    form = AccessNeedsForm(request.POST or None, instance=needs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. We will offer these each time you reply to a gathering.")
        return redirect("events:access_needs")
    return render(request, "events/access_needs.html", {"form": form})
