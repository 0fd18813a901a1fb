"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def numbering_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def pattern_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def pattern_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

