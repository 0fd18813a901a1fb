"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def people_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def person_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def person_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def person_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def assignment_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def assignment_end(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404

