"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def outbox(request: HttpRequest) -> HttpResponse:
    raise Http404


def message_retry(request: HttpRequest, public_id: object) -> HttpResponse:
    raise Http404


def template_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
