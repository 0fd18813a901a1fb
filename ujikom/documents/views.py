"""Pages for the organization's files: the list, uploading, and downloading."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ujikom.core.access import permission_required
from ujikom.core.http import OrganizationHttpRequest

from . import selectors
from .forms import UploadForm
from .responses import file_response
from .services import store_file

PAGE_SIZE = 25


@login_required
@permission_required("documents.view")
def file_list(request: OrganizationHttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    files = selectors.files_for(request.organization, search=search)
    page = Paginator(files, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "documents/file_list.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, {"page": page, "search": search})


@login_required
@permission_required("documents.upload")
def file_upload(request: OrganizationHttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = store_file(
                organization=request.organization,
                content=upload,
                name=upload.name,
                actor=request.user,
                content_type=upload.content_type,
                document_type=form.cleaned_data["document_type"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Berkas %(name)s disimpan.") % {"name": stored.original_name})
            return redirect("documents:file_list")
    return render(request, "documents/file_upload.html", {"form": form})


@login_required
@permission_required("documents.view")
def file_download(request: OrganizationHttpRequest, public_id: uuid.UUID) -> FileResponse:
    stored = selectors.file_of(request.organization, public_id=public_id)
    if stored is None:
        raise Http404(_("Berkas tidak ditemukan."))
    return file_response(stored)
