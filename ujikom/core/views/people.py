"""People and their role assignments, managed by the administrators of the organizations they serve."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..access import has_permission, organizations_of, permissions_in
from ..forms import AssignmentForm, EndAssignmentForm, PeopleSearchForm, PersonForm
from ..http import AuthenticatedHttpRequest
from ..models import Organization, RoleAssignment, User
from ..services import (
    ASSIGNMENT_FIELDS,
    assign_role,
    create_member,
    end_assignment,
    send_password_setup_link,
    update_person,
)
from .scope import acting_organization, authorize_in, person_scope, render_list

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
ACCOUNT_FIELDS = ("username", "email", "is_active")


def _grantable(user: User, organization: Organization) -> set[str] | None:
    """The permissions an administrator may hand out there: their own (all for a system administrator)."""
    return None if user.is_superuser else permissions_in(user, organization)


def _send_link(request: AuthenticatedHttpRequest, person: User, organization: Organization | None) -> bool:
    try:
        send_password_setup_link(
            person=person,
            actor=request.user,
            organization=organization,
            site_url=request.build_absolute_uri("/"),
        )
    except ValueError as error:
        messages.warning(request, str(error))
        return False
    except Exception:  # mail server down, refused address...: the account exists, the link can be resent
        logger.exception("password setup email to user %s failed", person.pk)
        messages.warning(
            request,
            _("Email ke %(email)s gagal dikirim. Coba kirim ulang tautan dari halaman pengguna ini nanti.")
            % {"email": person.email},
        )
        return False
    messages.info(
        request, _("Tautan untuk mengatur kata sandi dikirim ke %(email)s.") % {"email": person.email}
    )
    return True


def _locked_fields(viewer: User, person: User) -> tuple[str, ...]:
    """Account fields an administrator may not change: those of a system administrator, or of someone who
    also holds roles where the administrator has no say (changing the email would let them take over)."""
    if viewer.is_superuser:
        return ()
    if person.is_superuser:
        return ACCOUNT_FIELDS
    elsewhere = (
        RoleAssignment.objects.active()
        .filter(user=person)
        .exclude(organization__in=_managed_organizations(viewer))
        .exists()
    )
    return ACCOUNT_FIELDS if elsewhere else ()


def _managed_organizations(viewer: User) -> list[Organization]:
    return [org for org in organizations_of(viewer) if has_permission(viewer, "core.manage_people", org)]


def _event_organization(
    request: AuthenticatedHttpRequest, person: User, scope: set[int] | None
) -> Organization | None:
    """Where a change to a person is logged: the acting organization if the person serves there,
    else another organization of theirs that the administrator manages."""
    theirs = set(RoleAssignment.objects.filter(user=person).values_list("organization_id", flat=True))
    if scope is not None:
        theirs &= scope
    acting: Organization | None = getattr(request, "organization", None)
    if acting is not None and acting.pk in theirs:
        return acting
    return Organization.objects.filter(pk__in=theirs).order_by("name").first()


@login_required
def people_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "core.manage_people")
    search = PeopleSearchForm(request.GET)
    search.is_valid()
    people = selectors.people_in(
        organization=organization,
        query=search.cleaned_data.get("q", ""),
        include_ended=search.cleaned_data.get("status") == "all",
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "search": search,
        "page_obj": page,
        "pickable_organizations": request.organizations if request.user.is_superuser else [],
        "today": timezone.localdate(),
    }
    return render_list(request, "core/people_list.html", context)


@login_required
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "core.manage_people")
    data = request.POST or None
    person_form = PersonForm(data, creating=True)
    role_form = AssignmentForm(
        data,
        prefix="peran",
        organization=organization,
        grantable=_grantable(request.user, organization),
    )
    forms_valid = [person_form.is_valid(), role_form.is_valid()]  # both, so every error shows at once
    if request.method == "POST" and all(forms_valid):
        try:
            assignment = create_member(
                actor=request.user,
                organization=organization,
                **role_form.cleaned_data,
                **person_form.changes(),
            )
        except ValidationError as error:
            _split_errors(error, person_form, role_form)
        else:
            person = assignment.user
            messages.success(
                request,
                _("%(name)s didaftarkan sebagai %(role)s.")
                % {"name": person.full_name, "role": assignment.role.name},
            )
            if person_form.cleaned_data.get("send_link"):
                _send_link(request, person, organization)
            return redirect("core:person_detail", public_id=person.public_id)
    context = {"organization": organization, "form": person_form, "role_form": role_form, "person": None}
    return render(request, "core/person_form.html", context)


def _split_errors(error: ValidationError, person_form: PersonForm, role_form: AssignmentForm) -> None:
    if not hasattr(error, "error_dict"):
        person_form.add_service_errors(error)
        return
    for field, errors in error.error_dict.items():
        form = role_form if field in ASSIGNMENT_FIELDS else person_form
        form.add_service_errors(ValidationError({field: errors}))


@login_required
def person_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    person = get_object_or_404(User, public_id=public_id)
    scope = person_scope(request.user, person)
    assignments = list(selectors.assignments_visible(person=person, organization_ids=scope))
    context = {
        "person": person,
        "assignments": assignments,
        "today": timezone.localdate(),
        "locked": _locked_fields(request.user, person),
        "acting_organization": request.organization,
        "can_assign_here": has_permission(request.user, "core.manage_people", request.organization),
    }
    return render(request, "core/person_detail.html", context)


@login_required
def person_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    person = get_object_or_404(User, public_id=public_id)
    scope = person_scope(request.user, person)
    locked = _locked_fields(request.user, person)
    form = PersonForm(request.POST or None, instance=person, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            update_person(
                person=person,
                actor=request.user,
                organization=_event_organization(request, person, scope),
                **form.changes(),
            )
        except ValidationError as error:
            person.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": person.full_name})
            return redirect("core:person_detail", public_id=person.public_id)
    return render(request, "core/person_form.html", {"form": form, "person": person, "locked": locked})


@login_required
@require_POST
def person_send_link(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    person = get_object_or_404(User, public_id=public_id)
    scope = person_scope(request.user, person)
    if _locked_fields(request.user, person):
        raise PermissionDenied(
            _("Tautan kata sandi pengguna ini hanya dapat dikirim oleh administrator sistem.")
        )
    _send_link(request, person, _event_organization(request, person, scope))
    return redirect("core:person_detail", public_id=person.public_id)


@login_required
def assignment_create(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    person = get_object_or_404(User, public_id=public_id)
    person_scope(request.user, person)
    organization = acting_organization(request, "core.manage_people")
    form = AssignmentForm(
        request.POST or None,
        organization=organization,
        grantable=_grantable(request.user, organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = assign_role(
                actor=request.user,
                user=person,
                organization=organization,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(name)s kini memegang peran %(role)s di %(org)s.")
                % {"name": person.full_name, "role": assignment.role.name, "org": organization.display_name},
            )
            return redirect("core:person_detail", public_id=person.public_id)
    return render(
        request, "core/assignment_form.html", {"form": form, "person": person, "organization": organization}
    )


@login_required
def assignment_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "role", "organization", "unit"), pk=pk
    )
    authorize_in(request.user, "core.manage_people", assignment.organization)
    form = EndAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            end_assignment(assignment=assignment, actor=request.user, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            assignment.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Peran %(role)s %(name)s diakhiri.")
                % {"role": assignment.role.name, "name": assignment.user.full_name},
            )
            return redirect("core:person_detail", public_id=assignment.user.public_id)
    return render(request, "core/assignment_end.html", {"form": form, "assignment": assignment})
