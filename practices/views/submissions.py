"""Placeholder: being built."""

from django.http import Http404


def submit_story(request, *args, **kwargs):
    raise Http404


def suggest_practice(request, *args, **kwargs):
    raise Http404
