"""Fixtures of the decision tests (STMI 1.3.3 step 6): the event's results handed over to the LSP —
a locked berita acara with a stored PDF and the site's recommendation — and the candidates' data BNSP
needs. The results themselves come from the shared `one_bk` fixture (Budi and Siti K, Agus BK)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from ujikom.assessment.models import Decision, Minutes, Recommendation
from ujikom.core.models import Organization, User
from ujikom.documents.models import StoredFile
from ujikom.documents.services import store_file
from ujikom.registry.models import Region
from ujikom.scheduling.models import Registration, TestEvent

from .helpers import DUMMY_PDF, approved_decision


def _stored_pdf(organization: Organization, name: str, actor: User) -> StoredFile:
    return store_file(organization=organization, content=DUMMY_PDF, name=name, actor=actor, is_generated=True)


@pytest.fixture
def minutes(event, one_bk, site_head, disnaker) -> Minutes:
    """The event's berita acara, signed by everyone: the results are locked."""
    return Minutes.objects.create(
        event=event,
        number="001/BA/TUK-DISNAKER/XI/2026",
        file=_stored_pdf(disnaker, "berita-acara-uji.pdf", site_head),
        created_by=site_head,
        locked_at=timezone.now(),
    )


@pytest.fixture
def recommendation(minutes, event, site_head, disnaker) -> Recommendation:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("berita-acara.pdf", DUMMY_PDF)
    package = store_file(
        organization=disnaker,
        content=archive.getvalue(),
        name="paket-rekomendasi.zip",
        actor=site_head,
        is_generated=True,
        allowed_types=("zip",),
    )
    return Recommendation.objects.create(
        event=event,
        number="560/001/REK-Disnaker/2026",
        letter=_stored_pdf(disnaker, "surat-rekomendasi.pdf", site_head),
        package=package,
        handed_over_by=site_head,
    )


@pytest.fixture
def bnsp_data(one_bk) -> list[Registration]:
    """Where each candidate lives, their education, occupation and institution."""
    city = Region.objects.get(code="36.71")
    for registration in one_bk:
        registration.address = f"Jl. Daan Mogot No. {registration.pk}"
        registration.city = city
        registration.province = city.province
        registration.education = "SMA"
        registration.occupation = "Pelajar/mahasiswa"
        registration.institution = "BLK Kota Tangerang"
        registration.save()
    return one_bk


@pytest.fixture
def handed_over(recommendation, numbering, bnsp_data) -> Recommendation:
    """Everything the LSP needs to decide: locked results, the recommendation, numbering, BNSP data."""
    return recommendation


@pytest.fixture
def approved(handed_over, event, head_certification, lsp_chair, director) -> Decision:
    """An SK Penetapan of Budi and Siti signed by the Direktur."""
    return approved_decision(event, head_certification, lsp_chair, director)


@pytest.fixture
def meeting_day(event: TestEvent) -> dt.date:
    return event.starts_on
