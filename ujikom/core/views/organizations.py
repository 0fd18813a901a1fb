"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def organization_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def organization_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def organization_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def organization_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def unit_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def unit_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

