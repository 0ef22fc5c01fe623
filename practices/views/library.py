"""Placeholder: being built."""

from django.http import Http404


def library(request, *args, **kwargs):
    raise Http404
