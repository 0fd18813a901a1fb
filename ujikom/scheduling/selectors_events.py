"""Reading targets, plans and test events: who sees which, the event lists, and the event hub."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.models import Organization, User
from ujikom.sop.models import Run, StepRun

from .models import Plan, Registration, Target, TestEvent
from .sop_binding import event_subject_type


def targets_of(organization: Organization, *, year: int | None = None) -> QuerySet[Target]:
    targets = Target.objects.filter(organization=organization).select_related("scheme", "funding", "memo")
    if year is not None:
        targets = targets.filter(year=year)
    return targets.order_by("-year", "scheme__code", "pk")


def target_years(organization: Organization) -> list[int]:
    return list(
        Target.objects.filter(organization=organization)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def plans_of(organization: Organization, *, year: int | None = None) -> QuerySet[Plan]:
    plans = Plan.objects.filter(organization=organization).annotate(
        event_count=Count("events", distinct=True)
    )
    if year is not None:
        plans = plans.filter(year=year)
    return plans.order_by("-year", "title", "pk")


def events_visible_to(organization: Organization) -> QuerySet[TestEvent]:
    """The events an organization takes part in: as LSP, as facilitator, or as owner of the site."""
    return TestEvent.objects.filter(
        Q(lsp=organization) | Q(facilitator=organization) | Q(site__owner=organization)
    )


def events_for_list(
    *,
    organization: Organization | None,
    query: str = "",
    status: str = "",
    scheme: Any = None,
    site: Any = None,
    month: dt.date | None = None,
) -> QuerySet[TestEvent]:
    events = TestEvent.objects.all() if organization is None else events_visible_to(organization)
    if query:
        events = events.filter(
            Q(title__icontains=query)
            | Q(bnsp_schedule_code__icontains=query)
            | Q(scheme__code__icontains=query)
        )
    if status:
        events = events.filter(status=status)
    if scheme is not None:
        events = events.filter(scheme=scheme)
    if site is not None:
        events = events.filter(site=site)
    if month is not None:
        events = events.filter(starts_on__year=month.year, starts_on__month=month.month)
    return events.select_related("lsp", "scheme", "site", "facilitator").order_by("-starts_on", "-pk")


def event_organizations(event: TestEvent) -> list[Organization]:
    return [org for org in (event.lsp, event.facilitator, event.site.owner) if org is not None]


def registration_count(event: TestEvent) -> dict[str, int]:
    rows = Registration.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    counts["total"] = sum(counts.values())
    return counts


# ---- The readiness checklist -----------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str = ""
    url: str | None = None


def _optional_url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _provided(module: str, function: str) -> Any:
    """A function another part of scheduling provides, or None when it does not (yet) exist."""
    try:
        loaded = importlib.import_module(f"ujikom.scheduling.{module}")
    except ModuleNotFoundError:
        return None
    return getattr(loaded, function, None)


def _as_check(label: str, result: Any, url: str | None) -> Check:
    """Accept a bool, an (ok, detail) pair, or an object with `ok` and optional `detail`/`label`."""
    if isinstance(result, Check):
        return Check(label, result.ok, result.detail, result.url or url)
    if isinstance(result, tuple) and result:
        ok = bool(result[0])
        detail = str(result[1]) if len(result) > 1 else ""
    elif hasattr(result, "ok"):
        ok = bool(result.ok)
        detail = str(getattr(result, "detail", "") or getattr(result, "label", "") or "")
    else:
        ok = bool(result)
        detail = ""
    return Check(label, ok, detail or (_("terpenuhi") if ok else _("belum terpenuhi")), url)


def readiness_checks(event: TestEvent) -> list[Check]:
    """What must hold before the event is "ready": accepted candidates, the site verified (STMI step 4),
    the assessors confirmed (DISNAKER-10 step 1) and the readiness filed (step 2)."""
    pid = event.public_id
    accepted = Registration.objects.filter(event=event, status=Registration.Status.ACCEPTED).count()
    checks = [
        Check(
            _("Peserta diterima"),
            accepted > 0,
            _("%(n)s peserta diterima") % {"n": accepted} if accepted else _("belum ada peserta diterima"),
            _optional_url("scheduling:registration_list", pid),
        )
    ]
    for label, module, function, url_name in [
        (_("TUK terverifikasi"), "services_assignments", "site_verified", "scheduling:site_verification"),
        (
            _("Asesor dikonfirmasi"),
            "selectors_assignments",
            "assessors_confirmed",
            "scheduling:assessor_assignment",
        ),
        (
            _("Kesiapan sarana prasarana"),
            "selectors_readiness",
            "readiness_confirmed",
            "scheduling:readiness",
        ),
    ]:
        url = _optional_url(url_name, pid)
        provided = _provided(module, function)
        if provided is None:
            checks.append(Check(label, False, _("belum tersedia"), url))
        else:
            checks.append(_as_check(label, provided(event), url))
    return checks


# ---- The event hub ---------------------------------------------------------------------------------

HUB_SCREENS = [
    ("scheduling:registration_list", "people", gettext_lazy("Pendaftaran peserta")),
    ("scheduling:site_verification", "building-check", gettext_lazy("Verifikasi TUK")),
    ("scheduling:assessor_assignment", "person-badge", gettext_lazy("Penugasan asesor")),
    ("scheduling:schedule_distribution", "send", gettext_lazy("Distribusi jadwal")),
    ("scheduling:readiness", "clipboard-check", gettext_lazy("Kesiapan sarana prasarana")),
    ("scheduling:reminders", "bell", gettext_lazy("Pengingat peserta")),
    ("scheduling:unconfirmed", "person-exclamation", gettext_lazy("Belum konfirmasi kehadiran")),
]


def hub_links(event: TestEvent) -> list[tuple[str, str, str]]:
    """(url, icon, label) of the other screens of the event that exist."""
    links = []
    for name, icon, label in HUB_SCREENS:
        url = _optional_url(name, event.public_id)
        if url is not None:
            links.append((url, icon, str(label)))
    return links


@dataclass(frozen=True)
class RunRow:
    run: Run
    current: list[StepRun]


def event_run_rows(event: TestEvent) -> list[RunRow]:
    runs = list(
        Run.objects.filter(subject_type=event_subject_type(), subject_id=str(event.pk))
        .select_related("version__sop", "organization")
        .order_by("started_at", "pk")
    )
    active = StepRun.objects.filter(
        run__in=runs, status__in=[StepRun.Status.ACTIVE, StepRun.Status.WAITING]
    ).select_related("step")
    by_run: dict[int, list[StepRun]] = {}
    for step_run in active:
        by_run.setdefault(step_run.run_id, []).append(step_run)
    return [RunRow(run, by_run.get(run.pk, [])) for run in runs]


def can_manage_event(user: User, event: TestEvent) -> bool:
    from ujikom.core.access import has_permission

    return user.is_superuser or has_permission(user, "scheduling.manage", event.lsp)
