"""Closing a guidance case: the numbered closing report, and the last step of the case's SOP run.

SOP PSM/DISNAKER-08 (revision) step 8: the Kasi writes the closing report, gives it to the Kabid and
the company, and closes the case; provision 3: a case cannot close before its evaluation is recorded.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import User
from ujikom.documents.generation import generate_document

from .documents import TYPST
from .models import Evaluation, GuidanceCase
from .selectors_closing import closing_report_data
from .sop_binding import STAGE_BY_ACTION, active_stage, finish_stage

REPORT_TYPE = "productivity_report"
CLOSE_ACTION = "productivity.close"

EVENT_LABELS = {
    "productivity.case.closed": gettext_lazy("Kasus bimbingan produktivitas ditutup"),
}


def _refuse_unless_closable(case: GuidanceCase) -> None:
    if case.status == GuidanceCase.Status.CLOSED:
        raise ValidationError({"__all__": _("Kasus sudah ditutup; datanya tidak dapat diubah.")})
    if case.status == GuidanceCase.Status.CANCELLED:
        raise ValidationError({"__all__": _("Kasus sudah dibatalkan dan tidak dapat ditutup.")})
    if not Evaluation.objects.filter(case=case).exists():
        raise ValidationError(
            {"__all__": _("Kasus belum dapat ditutup: evaluasi sebelum dan sesudah perbaikan belum dicatat.")}
        )
    stage = active_stage(case)
    if stage is not None and stage.action != CLOSE_ACTION:
        raise ValidationError(
            {
                "__all__": _(
                    "Kasus belum dapat ditutup: tahap “%(stage)s” pada pelaksanaan SOP belum diselesaikan."
                )
                % {"stage": stage.label}
            }
        )


@transaction.atomic
def close_case(*, case: GuidanceCase, actor: User, closing_summary: str) -> GuidanceCase:
    """Issue the numbered closing report, close the case and sign off the SOP run's closing step with
    the report (the run then completes). Refused, with nothing changed, without an evaluation, on a
    closed or cancelled case, while an earlier stage of the run is still open, or without a summary."""
    case = (
        GuidanceCase.objects.select_for_update(of=("self",))
        .select_related("organization", "company", "officer", "run")
        .get(pk=case.pk)
    )
    _refuse_unless_closable(case)
    summary = (closing_summary or "").strip()
    if not summary:
        raise ValidationError({"closing_summary": _("Kesimpulan penutup wajib diisi.")})
    case.closed_on = timezone.localdate()
    case.closing_summary = summary
    with translation.override("id"):  # official documents are Indonesian
        data = closing_report_data(case=case, actor=actor)
        title = _("Laporan penutup bimbingan produktivitas · %(company)s") % {"company": case.company.name}
    report, number = generate_document(
        organization=case.organization,
        document_type=REPORT_TYPE,
        template=TYPST / "closing_report.typ",
        data=data,
        actor=actor,
        subject=case,
        title=title[:255],
        filename=f"laporan-penutup-{case.number or case.pk}",
    )
    case.closing_report = report
    case.status = GuidanceCase.Status.CLOSED
    case.save(update_fields=["closed_on", "closing_summary", "closing_report", "status", "updated_at"])
    signed = finish_stage(case=case, action=CLOSE_ACTION, actor=actor, file=report)
    record_event(
        case,
        "productivity.case.closed",
        actor=actor,
        organization=case.organization,
        data={
            "number": number,
            "report": str(report.public_id),
            "stage": str(STAGE_BY_ACTION[CLOSE_ACTION].label),
            "signed_off": len(signed),
        },
    )
    return case
