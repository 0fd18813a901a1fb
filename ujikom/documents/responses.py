"""Serving a stored file to the browser or an API client, once, for every app."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .models import StoredFile
from .services import open_file

logger = logging.getLogger(__name__)


def file_response(stored: StoredFile | None, *, inline: bool = False) -> FileResponse:
    """The file as a private, uncached download (or shown inline); 404 when there is no file or its
    content is gone from storage (logged: the record outlived its bytes)."""
    if stored is None:
        raise Http404(_("Berkas tidak ditemukan."))
    try:
        handle = open_file(stored)
    except (FileNotFoundError, OSError):
        logger.error("Stored file %s is missing from storage (%s)", stored.public_id, stored.file.name)
        raise Http404(_("Isi berkas tidak ditemukan di penyimpanan.")) from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=stored.original_name, content_type=stored.content_type
    )
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(stored.size)
    response["Cache-Control"] = "private, no-store"
    return response
