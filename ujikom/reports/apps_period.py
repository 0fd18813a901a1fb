"""Registrations of the period part (see apps_parts): the menu entry of the period report, the
audit labels of report exports, and the demo's numbering of period reports."""

from __future__ import annotations

from .apps_parts import PARTS

# organization code -> pattern of its period reports (SOP 1.3.3/BPSDMI/STMI step 7: the report)
DEMO_PATTERNS = {
    "lsp-stmi": "{seq:03}/LAP-UJK/LSP-STMI/{year}",
    "disnaker-tangerang": "560/{seq:03}/LAP-UJK-Disnaker/{year}",
}


def load_period_demo(admin: object) -> None:
    """Numbering patterns for the demo organizations' period reports (once)."""
    from ujikom.core.models import DocumentType, NumberingPattern, Organization
    from ujikom.core.numbering import create_pattern

    kind = DocumentType.objects.filter(code="period_report").first()
    if kind is None:
        return
    for organization in Organization.objects.filter(code__in=DEMO_PATTERNS):
        if not NumberingPattern.objects.filter(organization=organization, document_type=kind).exists():
            create_pattern(
                organization=organization,
                document_type=kind,
                pattern=DEMO_PATTERNS[organization.code],
                actor=admin,  # type: ignore[arg-type]
            )


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.demo import DEMO_LOADERS
    from ujikom.core.navigation import NAVIGATION, NavEntry

    from .exports_period import EVENT_LABELS

    register_event_labels(EVENT_LABELS)
    entry = NavEntry(_("Laporan periode"), "reports:period", "bar-chart-line", "reports.view", _("Laporan"))
    if all(existing.url_name != entry.url_name for existing in NAVIGATION):
        NAVIGATION.append(entry)
    if load_period_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_period_demo)


PARTS.append(register)
