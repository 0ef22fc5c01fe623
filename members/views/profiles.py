"""Placeholder: being built."""

from django.http import Http404


def profile(request, *args, **kwargs):
    raise Http404


def edit_profile(request, *args, **kwargs):
    raise Http404


def preview_profile(request, *args, **kwargs):
    raise Http404
