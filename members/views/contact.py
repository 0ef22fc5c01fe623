from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from members import contact
from members.decorators import verified_member_required
from members.forms import ContactForm, ReplyForm
from members.models import ContactMessage
from members.views.profiles import visible_profile_or_404


@verified_member_required
def contact_member(request, slug):
    other = visible_profile_or_404(request.user, slug)
    refusal = contact.can_message(request.user, other.user)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            contact.send_message(request.user, other.user, form.cleaned_data["message"])
        except contact.MessageRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Your message is on its way to {other.name}.")
            return redirect(other)
    return render(
        request, "members/contact.html", {"form": form, "profile": other, "refusal": refusal}
    )


@verified_member_required
def messages_received(request):
    received = (
        ContactMessage.objects.filter(recipient=request.user)
        .select_related("sender__profile")
        .order_by("-created_at")[:50]
    )
    return render(request, "members/messages.html", {"received": received})


@verified_member_required
def reply(request, pk):
    # Only the person written to may reply; anyone else gets a 404.
    message = get_object_or_404(
        ContactMessage.objects.select_related("sender__profile"), pk=pk, recipient=request.user
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact.reply(message, form.cleaned_data["message"])
        except contact.MessageRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Your reply is on its way to {message.sender.profile.name}, with your email "
                "address so you can write to each other directly.",
            )
            return redirect("members:messages")
    return render(request, "members/reply.html", {"form": form, "message": message})
