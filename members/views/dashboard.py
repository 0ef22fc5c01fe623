"""Placeholder: being built."""

from django.http import Http404


def dashboard(request, *args, **kwargs):
    raise Http404
