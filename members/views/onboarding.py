"""Placeholder: being built."""

from django.http import Http404


def welcome(request, *args, **kwargs):
    raise Http404
