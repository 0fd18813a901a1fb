"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def audit_log(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

