# ruff: noqa
# Examples of the semgrep rule csrf-exempt.
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt  # bad


@csrf_exempt  # bad
def hook(request):
    return HttpResponse("ok")


def protected(request):
    return HttpResponse("ok")
