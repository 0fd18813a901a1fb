"""On the demo data, the period report's figures equal a count made row by row in Python, and the
demo organizations number their period reports."""

from __future__ import annotations

from collections import Counter

import pytest

from ujikom.assessment.models import Assessment
from ujikom.certificates.models import Certificate
from ujikom.core import demo
from ujikom.core.models import NumberingPattern, Organization
from ujikom.reports.scope import Period
from ujikom.reports.selectors_period import period_report
from ujikom.scheduling.models import Registration, Target

pytestmark = pytest.mark.django_db


def test_the_demo_reports_match_a_count_row_by_row():
    demo.load_demo()
    recommendations = dict(Assessment.objects.values_list("registration_id", "recommendation"))
    certified_ids = set(
        Certificate.objects.exclude(registration=None).values_list("registration_id", flat=True)
    )
    registrations = list(Registration.objects.select_related("event__site", "event__scheme"))
    years = {registration.event.starts_on.year for registration in registrations}
    assert registrations and years

    checked = 0
    for code in ("lsp-stmi", "disnaker-tangerang"):
        organization = Organization.objects.get(code=code)
        assert NumberingPattern.objects.filter(
            organization=organization, document_type__code="period_report"
        ).exists()
        for year in sorted(years):
            counts: Counter[str] = Counter()
            by_scheme: Counter[str] = Counter()
            for registration in registrations:
                event = registration.event
                if organization.pk not in (event.lsp_id, event.facilitator_id, event.site.owner_id):
                    continue
                if event.status == "cancelled" or event.starts_on.year != year:
                    continue
                if registration.status in ("draft", "withdrawn"):
                    continue
                counts["registered"] += 1
                by_scheme[event.scheme.code] += 1
                recommendation = recommendations.get(registration.pk, "")
                counts["tested"] += recommendation in ("K", "BK")
                counts["competent"] += recommendation == "K"
                counts["certified"] += registration.pk in certified_ids
            target = sum(
                t.quantity
                for t in Target.objects.all()
                if t.organization_id == organization.pk and t.year == year
            )

            report = period_report(organization, Period("year", year))

            totals = report.totals
            assert (totals.registered, totals.tested, totals.competent, totals.certified) == (
                counts["registered"],
                counts["tested"],
                counts["competent"],
                counts["certified"],
            ), (code, year)
            assert report.target == target
            assert {
                row.key: row.registered for row in report.breakdown("scheme").rows if row.registered
            } == dict(by_scheme)
            checked += counts["registered"]
    assert checked > 0  # the demo has candidates to count
