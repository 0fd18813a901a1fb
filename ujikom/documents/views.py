"""Placeholder views; to be written."""

from django.http import Http404, HttpRequest, HttpResponse


def file_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def file_upload(request: HttpRequest) -> HttpResponse:
    raise Http404


def file_download(request: HttpRequest, public_id: object) -> HttpResponse:
    raise Http404
