"""Placeholder: being built."""

from django.http import Http404


def data_rights(request, *args, **kwargs):
    raise Http404


def download_data(request, *args, **kwargs):
    raise Http404


def delete_account(request, *args, **kwargs):
    raise Http404
