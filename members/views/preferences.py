"""Placeholder: being built."""

from django.http import Http404


def unsubscribe(request, *args, **kwargs):
    raise Http404


def email_preferences(request, *args, **kwargs):
    raise Http404
