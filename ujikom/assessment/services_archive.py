"""Filing a test event's archive (SOP PSM/DISNAKER-10 step 8, Bagian Administrasi).

The archive is filed only when it is complete (`selectors_archive.checklists_for`): both attendance
lists of every test day, the signed minutes, the minutes of meeting, the result files, photos, the
assessors' assignment letters, the site verification and the recommendation package. Filing records
where the paper files are kept and until when (five years after the last test day unless set
otherwise), snapshots the checklist, prints the numbered archive index and completes step 8.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import User
from ujikom.documents.typst import indonesian_date, letterhead
from ujikom.scheduling.models import TestEvent
from ujikom.sop import engine
from ujikom.sop.models import Task

from . import selectors_archive as selectors
from . import selectors_minutes
from .models import Archive, Minutes
from .selectors_archive import Checklist
from .services_minutes import event_facts, fill_step, render_pdf, signer_data

ACTION = "assessment.archive"
TYPST = Path(__file__).resolve().parent / "typst"
RETENTION_YEARS = 5

EVENT_LABELS = {
    "archive.filed": gettext_lazy("Berkas uji kompetensi diarsipkan"),
    "archive.updated": gettext_lazy("Lokasi atau masa simpan arsip diubah"),
}


def default_retention(event: TestEvent) -> dt.date:
    """Five years after the last test day (28 February for a 29 February)."""
    last = event.ends_on
    try:
        return last.replace(year=last.year + RETENTION_YEARS)
    except ValueError:
        return last.replace(year=last.year + RETENTION_YEARS, day=28)


def _clean(location: str, retain_until: dt.date | None, event: TestEvent) -> tuple[str, dt.date]:
    errors: dict[str, str] = {}
    location = (location or "").strip()
    if not location:
        errors["location"] = _("Tuliskan lokasi arsip fisik, mis. lemari, rak dan map.")
    elif len(location) > 255:
        errors["location"] = _("Lokasi arsip fisik paling panjang 255 karakter.")
    retain = retain_until or default_retention(event)
    if retain < timezone.localdate():
        errors["retain_until"] = _("Tanggal simpan sampai tidak boleh sudah lewat.")
    elif retain < event.ends_on:
        errors["retain_until"] = _("Arsip disimpan sedikitnya sampai hari terakhir uji (%(day)s).") % {
            "day": indonesian_date(event.ends_on)
        }
    if errors:
        raise ValidationError(errors)
    return location, retain


def _locked_event(event: TestEvent) -> TestEvent:
    return (
        TestEvent.objects.select_for_update(of=("self",))
        .select_related("lsp", "facilitator", "site__owner", "site__head", "scheme", "funding")
        .get(pk=event.pk)
    )


def _render_index(*, archive: Archive, checklist: Checklist, actor: User, number: str | None) -> None:
    event = archive.event
    organization = archive.organization
    rows = []
    for index, item in enumerate(checklist.items, start=1):
        files = "\n".join(f"{file.original_name} (SHA-256 {file.sha256[:12]})" for file in item.files)
        rows.append([str(index), item.label, _("Ada") if item.present else _("Tidak ada"), files or "-"])
    data = {
        "org": letterhead(organization),
        "title": _("Daftar Isi Arsip Uji Kompetensi"),
        "facts": [
            *event_facts(event),
            [_("Lokasi arsip fisik"), archive.location],
            [_("Disimpan sampai"), indonesian_date(archive.retain_until)],
        ],
        "headers": [_("No."), _("Berkas"), _("Status"), _("Berkas elektronik")],
        "rows": rows,
        "closing": _(
            "Berkas di atas disimpan sebagai arsip uji kompetensi. Berkas elektronik dapat diperiksa keasliannya "
            "dengan sidik SHA-256 yang tercantum."
        ),
        "place": organization.city or "Tangerang",
        "date": indonesian_date(timezone.localdate()),
        "signer": signer_data(actor, _("Bagian Administrasi")),
    }
    stored, issued = render_pdf(
        organization=organization,
        document_type="archive_index",
        template=TYPST / "archive_index.typ",
        data=data,
        actor=actor,
        subject=archive,
        title=_("Daftar isi arsip · %(event)s") % {"event": event.title},
        filename=f"daftar-isi-arsip-{event.public_id.hex[:8]}",
        number=number,
    )
    archive.index_file = stored
    archive.number = issued


@transaction.atomic
def file_archive(
    *, event: TestEvent, actor: User, location: str, retain_until: dt.date | None = None
) -> Archive:
    """Bagian Administrasi files the event's archive: refused while anything is missing (the message
    lists it), when already filed, without the paper files' location, or with a retention date in the
    past. Prints the numbered archive index and completes the Administrasi tasks of step 8."""
    event = _locked_event(event)
    existing = selectors.archive_of(event)
    if existing is not None:
        raise ValidationError(
            _("Uji kompetensi ini sudah diarsipkan oleh %(name)s pada %(when)s (nomor %(number)s).")
            % {
                "name": existing.archived_by,
                "when": indonesian_date(timezone.localdate(existing.created_at)),
                "number": existing.number,
            }
        )
    checklist = selectors.archive_checklist(event)
    if not checklist.complete:
        raise ValidationError(
            _("Arsip belum lengkap; yang belum ada: %(missing)s.") % {"missing": checklist.missing_text()}
        )
    location, retain = _clean(location, retain_until, event)
    archive = Archive.objects.create(
        event=event,
        organization=selectors_minutes.document_organization(event),
        checklist=[item.snapshot() for item in checklist.items],
        is_complete=True,
        location=location,
        retain_until=retain,
        archived_by=actor,
    )
    _render_index(archive=archive, checklist=checklist, actor=actor, number=None)
    archive.save()
    record_event(
        archive,
        "archive.filed",
        actor=actor,
        organization=archive.organization,
        data={
            "event": event.public_id,
            "number": archive.number,
            "location": location,
            "retain_until": retain,
            "index": archive.index_file.public_id if archive.index_file else None,
            "checklist": archive.checklist,
        },
    )
    attach_archive_to_step(archive=archive, actor=actor)
    return archive


@transaction.atomic
def update_archive(*, archive: Archive, actor: User, location: str, retain_until: dt.date | None) -> Archive:
    """Change where the paper files are kept or until when; the index is printed again, same number."""
    archive = (
        Archive.objects.select_for_update().select_related("event__site", "organization").get(pk=archive.pk)
    )
    event = _locked_event(archive.event)
    archive.event = event
    location, retain = _clean(location, retain_until or archive.retain_until, event)
    before = {"location": archive.location, "retain_until": archive.retain_until}
    archive.location = location
    archive.retain_until = retain
    _render_index(
        archive=archive, checklist=selectors.archive_checklist(event), actor=actor, number=archive.number
    )
    archive.save()
    record_event(
        archive,
        "archive.updated",
        actor=actor,
        organization=archive.organization,
        data={"before": before, "location": location, "retain_until": retain},
    )
    return archive


def attach_archive_to_step(*, archive: Archive, actor: User) -> int:
    """Give the archived files to step 8 ("Berkas hasil uji kompetensi": the results bundle, "Form berita
    acara": the minutes) and complete every Administrasi task of it the person plays."""
    minutes = Minutes.objects.select_related("file", "results_bundle").filter(event=archive.event).first()
    if minutes is None:
        return 0
    files = [("berkas hasil", minutes.results_bundle), ("berita acara", minutes.file)]

    def assign(tasks: list[Task]) -> list[tuple[Task, User]]:
        return [(task, actor) for task in tasks if engine.can_act_on(actor, task)]

    return fill_step(
        event=archive.event,
        action=ACTION,
        files=[(key, file) for key, file in files if file is not None],
        assign=assign,
        subject=archive,
        note=_("Diarsipkan dengan daftar isi arsip %(number)s di %(location)s.")
        % {"number": archive.number, "location": archive.location},
    )
