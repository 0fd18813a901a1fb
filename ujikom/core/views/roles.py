"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def role_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def role_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def role_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

