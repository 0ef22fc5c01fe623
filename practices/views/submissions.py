"""Verified members share a story or suggest a practice; editors take it from there."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from practices import submissions
from practices.forms_submissions import PracticeSuggestionForm, StorySubmissionForm

THANKS = (
    "Thank you: your {what} is with the editors. Nothing is public until an editor publishes it."
)
PROBLEM = "Please check the form: nothing has been shared yet."


@never_cache
@verified_email_required
def submit_story(request):
    form = StorySubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.submit_story(
                request.user, form.cleaned_data, image=form.cleaned_data.get("image")
            )
        except ValidationError as error:
            form.add_error(None, error)
        except submissions.SubmissionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, THANKS.format(what="story"))
            return redirect("members:dashboard")
    if request.method == "POST" and form.errors:
        messages.error(request, PROBLEM)
    return render(request, "practices/submit_story.html", {"form": form})


@never_cache
@verified_email_required
def suggest_practice(request):
    form = PracticeSuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.suggest_practice(request.user, form.cleaned_data)
        except submissions.SubmissionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, THANKS.format(what="suggestion"))
            return redirect("members:dashboard")
    if request.method == "POST" and form.errors:
        messages.error(request, PROBLEM)
    return render(request, "practices/suggest_practice.html", {"form": form})
