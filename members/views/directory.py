"""Placeholder: being built."""

from django.http import Http404


def directory(request, *args, **kwargs):
    raise Http404
