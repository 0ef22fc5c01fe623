"""/styleguide/: the site's UI components (templates/components/), each shown once with the
include that draws it, for whoever builds a page. Only under DEBUG: it is a tool for the people
building the site, not a page of the community's."""

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe


class ExampleForm(forms.Form):
    """A form shown bound to bad input, so its error appears as a member would see it."""

    name = forms.CharField(label="Your name", help_text="As people in the community know you.")
    email = forms.EmailField(label="Email")
    public = forms.BooleanField(label="Show my profile to visitors", required=False)
    sector = forms.ChoiceField(
        label="Sector",
        choices=[("health", "Health"), ("housing", "Housing"), ("care", "Social care")],
        widget=forms.RadioSelect,
    )


@require_safe
def styleguide(request):
    if not settings.DEBUG:
        raise Http404
    form = ExampleForm({"name": "Sam Member", "email": "not an address", "sector": "health"})
    form.is_valid()
    return render(request, "components/styleguide.html", {"form": form})
