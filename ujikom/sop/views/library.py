"""Pages of the SOP library: the list, an SOP with its versions, a version as the official document,
upload, draft editing, approval, withdrawal, and the PDF and YAML downloads.

Who may do what: `sop.view` in the SOP's organization to see (someone outside it gets 404),
`sop.manage` to upload, edit, withdraw and start a new draft, and the version's approver
role (an acting Plt/Plh too) to approve.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ujikom.core.access import has_any_role, has_permission, is_member
from ujikom.core.forms import ListSearchForm
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.views.scope import acting_organization, authorize_in, render_list

from .. import library
from ..definition import SopDefinition
from ..fileformat import SopFileError, dump_definition, load_definition
from ..library_forms import (
    NEXT_BRANCHES,
    ActivityFormSet,
    ActorForm,
    BranchFormSet,
    IdentityForm,
    MoveForm,
    SopUploadForm,
    StepForm,
    WithdrawForm,
    activity_initial,
    branch_initial,
    step_from_forms,
)
from ..library_selectors import (
    diff_versions,
    library_rows,
    library_warnings,
    previous_version,
    related_links,
    step_rows,
    version_definition,
    version_in_force,
    versions_of,
)
from ..models import Sop, SopVersion

PAGE_SIZE = 50
PAPERS = ("a4", "f4")


def _version(request: AuthenticatedHttpRequest, public_id: str, code: str = "sop.view") -> SopVersion:
    version = get_object_or_404(
        SopVersion.objects.select_related("sop__organization", "approver_role", "escalation_role"),
        public_id=public_id,
    )
    authorize_in(request.user, code, version.sop.organization)
    return version


def _file_stem(version: SopVersion) -> str:
    code = re.sub(r"[^A-Za-z0-9]+", "-", version.code).strip("-") or "sop"
    return f"SOP-{code}-v{version.number}"


def _can_start_run(request: AuthenticatedHttpRequest, version: SopVersion | None) -> bool:
    """Whether the page offers to start a run of `version`: the version in force of the organization
    the user acts for (runs start there), for holders of `sop.run`."""
    if version is None or version.status != SopVersion.Status.APPROVED:
        return False
    organization = version.sop.organization
    if getattr(request, "organization", None) != organization:
        return False
    if not has_permission(request.user, "sop.run", organization):
        return False
    return version_in_force(organization=organization, code=version.code) == version


def _can_approve(request: AuthenticatedHttpRequest, version: SopVersion) -> bool:
    if version.status != SopVersion.Status.DRAFT:
        return False
    if version.approver_role is None:
        return request.user.is_superuser
    return has_any_role(request.user, [version.approver_role.key], version.sop.organization)


# ---- Lists and documents -----------------------------------------------------------------------


@login_required
def library_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "sop.view")
    search = ListSearchForm(request.GET)
    search.is_valid()
    rows = library_rows(organization=organization, query=search.cleaned_data.get("q", ""))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "search": search,
        "page_obj": page,
        "can_manage": has_permission(request.user, "sop.manage", organization),
    }
    return render_list(request, "sop/library_list.html", context)


@login_required
def sop_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    sop = get_object_or_404(Sop.objects.select_related("organization"), public_id=public_id)
    authorize_in(request.user, "sop.view", sop.organization)
    versions = versions_of(sop)
    current = next((v for v, label in versions if label == _("Berlaku")), None)
    shown = current or next((v for v, _label in versions if v.status != SopVersion.Status.WITHDRAWN), None)
    context = {
        "sop": sop,
        "versions": versions,
        "current": current,
        "shown": shown,
        "warnings": library_warnings(shown) if shown else [],
        "related": related_links(shown) if shown else [],
        "has_draft": any(v.status == SopVersion.Status.DRAFT for v, _label in versions),
        "can_manage": has_permission(request.user, "sop.manage", sop.organization),
        "can_start_run": _can_start_run(request, current),
    }
    return render(request, "sop/library_sop.html", context)


@login_required
def version_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    from ..rendering import render_svg

    version = _version(request, public_id)
    definition = version_definition(version)
    previous = previous_version(version)
    actor_roles = {a.key: a.default_role for a in version.actors.select_related("default_role")}
    context = {
        "version": version,
        "sop": version.sop,
        "definition": definition,
        "actors": [(actor, actor_roles.get(actor.key)) for actor in definition.actors],
        "steps": step_rows(definition),
        "pages": render_svg(definition, flowchart_only=True),
        "warnings": library_warnings(version),
        "related": related_links(version),
        "previous": previous,
        "changes": diff_versions(previous, version) if previous else [],
        "can_manage": has_permission(request.user, "sop.manage", version.sop.organization),
        "can_approve": _can_approve(request, version),
        "can_start_run": _can_start_run(request, version),
        "is_draft": version.status == SopVersion.Status.DRAFT,
        "papers": PAPERS,
    }
    return render(request, "sop/library_version.html", context)


@login_required
def version_pdf(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    from ..rendering import render_pdf

    version = _version(request, public_id)
    paper = request.GET.get("paper", "a4").lower()
    if paper not in PAPERS:
        raise Http404(_("Ukuran kertas harus a4 atau f4."))
    warnings = library_warnings(version) if version.status == SopVersion.Status.DRAFT else None
    pdf = render_pdf(version_definition(version), paper=paper, warnings=warnings)  # type: ignore[arg-type]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(version)}-{paper.upper()}.pdf"'
    return response


@login_required
def version_yaml(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    version = _version(request, public_id)
    response = HttpResponse(
        dump_definition(version_definition(version)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(version)}.yaml"'
    return response


# ---- Upload ------------------------------------------------------------------------------------


@login_required
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import an SOP file into the acting organization: a new SOP, or the next version (a draft)."""
    organization = acting_organization(request, "sop.manage")
    form = SopUploadForm(request.POST or None, request.FILES or None)
    file_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        try:
            definition = load_definition(text, source=form.file_name)
            version = library.import_definition(
                organization=organization, definition=definition, actor=request.user, source_text=text
            )
        except SopFileError as error:
            file_errors = [str(item) for item in error.errors]
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("SOP %(code)s diimpor sebagai versi %(number)s (draf).")
                % {"code": version.code, "number": version.number},
            )
            return redirect("sop:version_detail", public_id=version.public_id)
    context = {
        "form": form,
        "organization": organization,
        "file_errors": file_errors,
        "file_name": form.file_name,
    }
    return render(request, "sop/library_upload.html", context, status=422 if file_errors else 200)


# ---- Approval, withdrawal, new draft -----------------------------------------------------------


@login_required
@require_POST
def version_approve(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    version = get_object_or_404(SopVersion.objects.select_related("sop__organization"), public_id=public_id)
    if not is_member(request.user, version.sop.organization):
        raise Http404(_("Tidak ditemukan."))
    try:
        library.approve_version(version=version, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("SOP %(code)s versi %(number)s disahkan; berlaku mulai tanggal efektifnya.")
            % {"code": version.code, "number": version.number},
        )
    return redirect("sop:version_detail", public_id=version.public_id)


@login_required
def version_withdraw(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    version = _version(request, public_id, "sop.manage")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            library.withdraw_version(version=version, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("SOP %(code)s versi %(number)s dicabut.")
                % {"code": version.code, "number": version.number},
            )
            return redirect("sop:sop_detail", public_id=version.sop.public_id)
    return render(request, "sop/library_withdraw.html", {"version": version, "form": form})


@login_required
@require_POST
def new_draft(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    version = _version(request, public_id, "sop.manage")
    try:
        draft = library.new_draft_from(version=version, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("sop:version_detail", public_id=version.public_id)
    messages.success(
        request,
        _("Draf versi %(number)s dibuat dari versi %(source)s; ubah lalu ajukan untuk disahkan.")
        % {"number": draft.number, "source": version.number},
    )
    return redirect("sop:version_edit", public_id=draft.public_id)


# ---- Editing a draft ---------------------------------------------------------------------------


def _draft(request: AuthenticatedHttpRequest, public_id: str) -> SopVersion:
    """A version to edit (sop.manage in its organization); see `_not_editable`."""
    return _version(request, public_id, "sop.manage")


def _not_editable(request: AuthenticatedHttpRequest, version: SopVersion) -> HttpResponse | None:
    """Back to the version's page, saying why, when it is no longer a draft."""
    if version.status == SopVersion.Status.DRAFT:
        return None
    if version.status == SopVersion.Status.WITHDRAWN:
        messages.error(request, _("Versi yang sudah dicabut tidak dapat diubah; buat draf baru."))
    else:
        messages.error(request, _("Versi yang sudah disahkan tidak dapat diubah; buat draf baru."))
    return redirect("sop:version_detail", public_id=version.public_id)


def _edit_and_return(
    request: AuthenticatedHttpRequest, version: SopVersion, edit: Callable[[], object], success: str = ""
) -> HttpResponse:
    """Run one draft edit; say why it was refused, or `success`; back to the draft either way."""
    try:
        edit()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if success:
            messages.success(request, success)
    return redirect("sop:version_edit", public_id=version.public_id)


def _edit_context(version: SopVersion, definition: SopDefinition) -> dict[str, object]:
    roles = {a.key: a.default_role for a in version.actors.select_related("default_role")}
    return {
        "version": version,
        "sop": version.sop,
        "definition": definition,
        "actors": [(actor, roles.get(actor.key)) for actor in definition.actors],
        "steps": step_rows(definition),
    }


@login_required
def version_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The draft's identity fields, with its actors and steps to edit one by one."""
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    definition = version_definition(version)
    form = IdentityForm(request.POST or None, initial=IdentityForm.initial_for(version, definition))
    if request.method == "POST" and form.is_valid():
        try:
            library.update_identity(version=version, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data identitas SOP disimpan."))
            return redirect("sop:version_edit", public_id=version.public_id)
    context = _edit_context(version, definition)
    context["form"] = form
    context["actor_form"] = ActorForm(prefix="new")
    return render(request, "sop/library_edit.html", context)


@login_required
@require_POST
def actor_add(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    form = ActorForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            library.add_actor(
                version=version,
                actor=request.user,
                name=form.cleaned_data["name"],
                default_role=form.cleaned_data["default_role"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Pelaksana %(name)s ditambahkan.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("sop:version_edit", public_id=version.public_id)
    definition = version_definition(version)
    context = _edit_context(version, definition)
    context["form"] = IdentityForm(initial=IdentityForm.initial_for(version, definition))
    context["actor_form"] = form
    return render(request, "sop/library_edit.html", context, status=422)


@login_required
def actor_edit(request: AuthenticatedHttpRequest, public_id: str, key: str) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    row = version.actors.select_related("default_role").filter(key=key).first()
    if row is None:
        raise Http404(_("Pelaksana tidak ditemukan."))
    form = ActorForm(request.POST or None, initial={"name": row.name, "default_role": row.default_role_id})
    if request.method == "POST" and form.is_valid():
        try:
            library.update_actor(
                version=version,
                actor=request.user,
                key=key,
                name=form.cleaned_data["name"],
                default_role=form.cleaned_data["default_role"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Pelaksana %(name)s disimpan.") % {"name": form.cleaned_data["name"]})
            return redirect("sop:version_edit", public_id=version.public_id)
    return render(request, "sop/library_actor.html", {"version": version, "actor_row": row, "form": form})


@login_required
@require_POST
def actor_move(request: AuthenticatedHttpRequest, public_id: str, key: str) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    form = MoveForm(request.POST)
    if not form.is_valid():
        return redirect("sop:version_edit", public_id=version.public_id)
    position = form.cleaned_data["position"]
    return _edit_and_return(
        request,
        version,
        lambda: library.move_actor(version=version, actor=request.user, key=key, position=position),
    )


@login_required
@require_POST
def actor_remove(request: AuthenticatedHttpRequest, public_id: str, key: str) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    return _edit_and_return(
        request,
        version,
        lambda: library.remove_actor(version=version, actor=request.user, key=key),
        _("Pelaksana dihapus."),
    )


def _step_page(
    request: AuthenticatedHttpRequest, version: SopVersion, definition: SopDefinition, number: int | None
) -> HttpResponse:
    """Add (number None) or edit one step: the step's fields, its activities and its branches."""
    step = None
    if number is not None:
        step = next((s for s in definition.steps if s.number == number), None)
        if step is None:
            raise Http404(_("Langkah tidak ditemukan."))
    actors = [(a.key, a.name) for a in definition.actors]
    data = request.POST if request.method == "POST" else None
    form = StepForm(data, initial=StepForm.initial_for(step))
    activities = ActivityFormSet(
        data, initial=activity_initial(step), prefix="activities", form_kwargs={"actors": actors}
    )
    branches = BranchFormSet(data, initial=branch_initial(step), prefix="branches")
    after = request.GET.get("after", "")
    status = 200
    if request.method == "POST":
        if form.is_valid() and activities.is_valid() and branches.is_valid():
            built = step_from_forms(form, activities, branches, number=number or 0)
            if form.cleaned_data["next_mode"] == NEXT_BRANCHES and not built.next:
                form.add_error("next_mode", _("Isi sekurang-kurangnya satu cabang (ke langkah berapa)."))
            else:
                try:
                    if number is None:
                        position = int(after) if after.isdigit() else None
                        library.add_step(version=version, actor=request.user, step=built, after=position)
                        messages.success(request, _("Langkah ditambahkan."))
                    else:
                        library.update_step(version=version, actor=request.user, number=number, step=built)
                        messages.success(request, _("Langkah %(number)s disimpan.") % {"number": number})
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    return redirect("sop:version_edit", public_id=version.public_id)
        status = 422
    context = {
        "version": version,
        "sop": version.sop,
        "step": step,
        "form": form,
        "activities": activities,
        "branches": branches,
        "after": after,
        "step_numbers": [s.number for s in definition.steps],
    }
    return render(request, "sop/library_step.html", context, status=status)


@login_required
def step_add(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    return _step_page(request, version, version_definition(version), None)


@login_required
def step_edit(request: AuthenticatedHttpRequest, public_id: str, number: int) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    return _step_page(request, version, version_definition(version), number)


@login_required
@require_POST
def step_move(request: AuthenticatedHttpRequest, public_id: str, number: int) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    form = MoveForm(request.POST)
    if not form.is_valid():
        return redirect("sop:version_edit", public_id=version.public_id)
    position = form.cleaned_data["position"]
    return _edit_and_return(
        request,
        version,
        lambda: library.move_step(version=version, actor=request.user, number=number, position=position),
    )


@login_required
@require_POST
def step_remove(request: AuthenticatedHttpRequest, public_id: str, number: int) -> HttpResponse:
    version = _draft(request, public_id)
    if refused := _not_editable(request, version):
        return refused
    return _edit_and_return(
        request,
        version,
        lambda: library.remove_step(version=version, actor=request.user, number=number),
        _("Langkah %(number)s dihapus; langkah lain dinomori ulang.") % {"number": number},
    )
