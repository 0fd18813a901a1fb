"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def calendar_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def holiday_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def holiday_confirm(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def holiday_delete(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def office_hours_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

