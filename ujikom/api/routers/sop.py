"""The SOP library: list, read, validate, import, export, print, approve and withdraw SOP versions.

The same permissions as the pages: `sop.view` in the SOP's organization to read (someone
outside it gets 404), `sop.manage` to import, replace a draft, start a new draft and withdraw,
and the version's approver role (Plt/Plh included) to approve. SOP files travel as YAML text
in a JSON body (`{"yaml": "format: sop/v1\\n…"}`); every error of a file comes back at once,
each located by its path in the file, and nothing of an invalid file is stored.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints

from ujikom.core.access import is_member
from ujikom.core.models import Organization
from ujikom.sop import library
from ujikom.sop.fileformat import MAX_FILE_BYTES, SopError, definition_to_data, dump_definition, validate_text
from ujikom.sop.library_selectors import (
    library_rows,
    library_warnings,
    related_links,
    version_definition,
    versions_of,
)
from ujikom.sop.models import Sop, SopVersion

from ..auth import caller
from ..errors import InputError, service_errors
from ..lookups import authorize_in, organization_in_path
from ..schemas import Message, ValidationErrors

router = Router(tags=["SOP"])

OrganizationInPath = Annotated[str, Path(description="public_id (UUID) atau kode organisasi")]
ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}

YamlText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_FILE_BYTES),
    Field(description="Isi berkas SOP format sop/v1 (YAML, UTF-8)", examples=["format: sop/v1\ncode: …"]),
]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


class SopFile(Input):
    yaml: YamlText


class Withdrawal(Input):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class FileError(Schema):
    path: str = Field(description="letak kesalahan, mis. steps[3].time; kosong: seluruh berkas")
    message: str
    line: int | None = None


class ValidationReport(Schema):
    valid: bool
    errors: list[FileError]


class VersionRef(Schema):
    public_id: uuid.UUID
    number: int
    status: str
    effective_on: dt.date


class SopSummary(Schema):
    public_id: uuid.UUID
    code: str
    name: str
    in_force: VersionRef | None
    drafts: list[VersionRef]
    warning_count: int


class VersionOut(Schema):
    public_id: uuid.UUID
    sop: uuid.UUID
    organization: str = Field(description="kode organisasi")
    code: str
    name: str
    number: int
    status: str
    status_label: str
    created_on: dt.date
    revised_on: dt.date | None
    effective_on: dt.date
    approver_role: str | None = Field(description="kode peran yang mengesahkan")
    escalation_role: str | None = Field(description="kode peran atasan untuk eskalasi")
    approved_at: dt.datetime | None
    approved_by: str | None
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str


class RelatedOut(Schema):
    text: str
    source: str
    sop: uuid.UUID | None


class VersionDetail(VersionOut):
    definition: dict[str, Any] = Field(description="isi SOP dengan kolom yang sama seperti berkas sop/v1")
    warnings: list[str]
    related: list[RelatedOut]


class SopDetail(Schema):
    public_id: uuid.UUID
    organization: str
    code: str
    name: str
    versions: list[VersionOut]


def _version_out(version: SopVersion, label: str | None = None) -> dict[str, Any]:
    return {
        "public_id": version.public_id,
        "sop": version.sop.public_id,
        "organization": version.sop.organization.code,
        "code": version.code,
        "name": version.name,
        "number": version.number,
        "status": version.status,
        "status_label": label or version.get_status_display(),
        "created_on": version.created_on,
        "revised_on": version.revised_on,
        "effective_on": version.effective_on,
        "approver_role": version.approver_role.key if version.approver_role else None,
        "escalation_role": version.escalation_role.key if version.escalation_role else None,
        "approved_at": version.approved_at,
        "approved_by": str(version.approved_by) if version.approved_by else None,
        "withdrawn_at": version.withdrawn_at,
        "withdrawal_reason": version.withdrawal_reason,
    }


def _ref(version: SopVersion) -> dict[str, Any]:
    return {
        "public_id": version.public_id,
        "number": version.number,
        "status": version.status,
        "effective_on": version.effective_on,
    }


def _versions() -> Any:
    return SopVersion.objects.select_related(
        "sop__organization", "approver_role", "escalation_role", "approved_by"
    )


def _version(request: HttpRequest, public_id: uuid.UUID, code: str = "sop.view") -> SopVersion:
    version = _versions().filter(public_id=public_id).first()
    not_found = _("Versi SOP tidak ditemukan.")
    if version is None:
        raise Http404(not_found)
    authorize_in(caller(request), code, version.sop.organization, not_found)
    return version


def _file_errors(errors: list[SopError]) -> list[dict[str, Any]]:
    return [{"path": e.path, "message": e.message, "line": e.line} for e in errors]


def _checked(text: str) -> Any:
    """The definition in `text`, or a 422 naming every error of the file at body.yaml.<path>."""
    errors = validate_text(text)
    if errors:
        raise InputError((f"body.yaml.{e.path}" if e.path else "body.yaml", e.message) for e in errors)
    from ujikom.sop.fileformat import load_definition

    return load_definition(text)


def _detail(version: SopVersion) -> dict[str, Any]:
    definition = version_definition(version)
    return {
        **_version_out(version),
        "definition": definition_to_data(definition),
        "warnings": library_warnings(version),
        "related": [
            {"text": link.text, "source": link.source, "sop": link.sop.public_id if link.sop else None}
            for link in related_links(version)
        ],
    }


def _file_stem(version: SopVersion) -> str:
    code = re.sub(r"[^A-Za-z0-9]+", "-", version.code).strip("-") or "sop"
    return f"SOP-{code}-v{version.number}"


# ---- Reading -----------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization}/sops",
    response={200: list[SopSummary], **ERRORS},
    summary="Pustaka SOP organisasi",
)
def sop_list(request: HttpRequest, organization: OrganizationInPath) -> list[dict[str, Any]]:
    """The organization's SOPs with the version in force, the drafts and the number of warnings."""
    target = organization_in_path(caller(request), organization, "sop.view")
    return [
        {
            "public_id": row.sop.public_id,
            "code": row.sop.code,
            "name": row.sop.name,
            "in_force": _ref(row.in_force) if row.in_force else None,
            "drafts": [_ref(draft) for draft in row.drafts],
            "warning_count": row.warning_count,
        }
        for row in library_rows(organization=target)
    ]


# Declared before /sops/{public_id}, which would otherwise take "validate" for an id.
@router.post(
    "/sops/validate",
    response={200: ValidationReport, 401: Message, 422: ValidationErrors},
    summary="Periksa berkas SOP",
)
def sop_validate(request: HttpRequest, payload: SopFile) -> dict[str, Any]:
    """Check a file without storing anything: `valid`, and every error with its path in the file."""
    caller(request)
    errors = validate_text(payload.yaml)
    return {"valid": not errors, "errors": _file_errors(errors)}


@router.get("/sops/{public_id}", response={200: SopDetail, **ERRORS}, summary="Rincian SOP dan versinya")
def sop_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    sop = Sop.objects.select_related("organization").filter(public_id=public_id).first()
    not_found = _("SOP tidak ditemukan.")
    if sop is None:
        raise Http404(not_found)
    authorize_in(caller(request), "sop.view", sop.organization, not_found)
    versions = []
    for version, label in versions_of(sop):
        version.sop = sop
        versions.append(_version_out(version, label))
    return {
        "public_id": sop.public_id,
        "organization": sop.organization.code,
        "code": sop.code,
        "name": sop.name,
        "versions": versions,
    }


@router.get("/sop-versions/{public_id}", response={200: VersionDetail, **ERRORS}, summary="Rincian versi SOP")
def version_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """The version's status and its whole content (the same fields as a sop/v1 file), with warnings."""
    return _detail(_version(request, public_id))


@router.get(
    "/sop-versions/{public_id}/yaml",
    response={200: None, **ERRORS},
    summary="Ekspor versi SOP (YAML)",
    openapi_extra={"responses": {200: {"content": {"application/yaml": {}}}}},
)
def version_yaml(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    version = _version(request, public_id)
    response = HttpResponse(
        dump_definition(version_definition(version)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(version)}.yaml"'
    return response


@router.get(
    "/sop-versions/{public_id}/pdf",
    response={200: None, **ERRORS},
    summary="Dokumen resmi SOP (PDF)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def version_pdf(
    request: HttpRequest,
    public_id: uuid.UUID,
    paper: Annotated[Literal["a4", "f4"], Query(description="ukuran kertas")] = "a4",
) -> HttpResponse:
    from ujikom.sop.rendering import render_pdf

    version = _version(request, public_id)
    warnings = library_warnings(version) if version.status == SopVersion.Status.DRAFT else None
    pdf = render_pdf(version_definition(version), paper=paper, warnings=warnings)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(version)}-{paper.upper()}.pdf"'
    return response


# ---- Validating and importing ------------------------------------------------------------------


@router.post(
    "/organizations/{organization}/sops",
    response={201: VersionDetail, **ERRORS},
    summary="Impor SOP (YAML)",
)
def sop_import(
    request: HttpRequest, organization: OrganizationInPath, payload: SopFile
) -> Status[dict[str, Any]]:
    """Import a file as a draft: a new SOP, or the next version of the SOP with that number.

    An invalid file is a 422 listing every error (`loc` = body.yaml.<path in the file>), and nothing is stored.
    """
    user = caller(request)
    target: Organization = organization_in_path(user, organization, "sop.manage")
    definition = _checked(payload.yaml)
    with service_errors("body.yaml"):
        version = library.import_definition(
            organization=target, definition=definition, actor=user, source_text=payload.yaml
        )
    return Status(201, _detail(_versions().get(pk=version.pk)))


@router.put(
    "/sop-versions/{public_id}",
    response={200: VersionDetail, **ERRORS},
    summary="Ganti isi draf SOP (YAML)",
)
def version_replace(request: HttpRequest, public_id: uuid.UUID, payload: SopFile) -> dict[str, Any]:
    """Replace a draft's whole content with a file of the same SOP number; approved versions are fixed."""
    user = caller(request)
    version = _version(request, public_id, "sop.manage")
    definition = _checked(payload.yaml)
    with service_errors("body.yaml"):
        library.replace_draft(version=version, definition=definition, actor=user)
    return _detail(_versions().get(pk=version.pk))


# ---- Approval, withdrawal, new drafts ----------------------------------------------------------


@router.post(
    "/sop-versions/{public_id}/approve", response={200: VersionOut, **ERRORS}, summary="Sahkan draf SOP"
)
def version_approve(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """By the holder of the version's approver role in its organization (an acting Plt/Plh too)."""
    user = caller(request)
    version = _versions().filter(public_id=public_id).first()
    if version is None or not is_member(user, version.sop.organization):
        raise Http404(_("Versi SOP tidak ditemukan."))
    with service_errors():
        library.approve_version(version=version, actor=user)
    return _version_out(_versions().get(pk=version.pk))


@router.post(
    "/sop-versions/{public_id}/withdraw", response={200: VersionOut, **ERRORS}, summary="Cabut versi SOP"
)
def version_withdraw(request: HttpRequest, public_id: uuid.UUID, payload: Withdrawal) -> dict[str, Any]:
    version = _version(request, public_id, "sop.manage")
    with service_errors():
        library.withdraw_version(version=version, actor=caller(request), reason=payload.reason)
    return _version_out(_versions().get(pk=version.pk))


@router.post(
    "/sop-versions/{public_id}/drafts",
    response={201: VersionOut, **ERRORS},
    summary="Buat draf baru dari versi ini",
)
def version_new_draft(request: HttpRequest, public_id: uuid.UUID) -> Status[dict[str, Any]]:
    version = _version(request, public_id, "sop.manage")
    with service_errors():
        draft = library.new_draft_from(version=version, actor=caller(request))
    return Status(201, _version_out(_versions().get(pk=draft.pk)))
