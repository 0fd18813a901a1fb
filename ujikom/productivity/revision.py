"""The proposed revision of SOP PSM/DISNAKER-08, shipped as a draft version in the library.

The published version's activity table repeats SOP-10's (facilitating certification), so it stays
as published and in force, and the office gets a draft whose steps fit the SOP's own scope: the
guidance case from identification to the solution of the root problems, with its actors taken from
the office's roles and a time standard for each step (`seeds/psm-disnaker-08-revisi.yaml`). Its
revision and effective dates are the day it is proposed; officials edit it and approve it in the
SOP library, and cases opened from its effective date run under it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ujikom.core.models import Organization, User
from ujikom.sop.fileformat import load_definition
from ujikom.sop.library import import_definition
from ujikom.sop.models import Sop, SopVersion

from .sop_binding import SOP_CODE

REVISION_FILE = Path(__file__).resolve().parent / "seeds" / "psm-disnaker-08-revisi.yaml"


def revision_text() -> str:
    return REVISION_FILE.read_text(encoding="utf-8")


@transaction.atomic
def propose_revision(*, organization: Organization, actor: User | None) -> SopVersion | None:
    """Add the proposed revision as the next (draft) version of the office's PSM/DISNAKER-08.

    Nothing is done (None) when the office has no such SOP, or when it already has a draft or a
    version after the published one (the proposal was made, or officials revised it themselves).
    """
    sop = Sop.objects.select_for_update().filter(organization=organization, code=SOP_CODE).first()
    if sop is None or sop.versions.count() != 1:
        return None
    text = revision_text()
    today = timezone.localdate()
    definition = dataclasses.replace(
        load_definition(text, source=REVISION_FILE.name), revised=today, effective=today
    )
    return import_definition(organization=organization, definition=definition, actor=actor, source_text=text)


def propose_revision_demo(actor: User) -> None:
    """Demo loader (ujikom.core.demo.DEMO_LOADERS): the proposal beside each published PSM/DISNAKER-08."""
    for sop in Sop.objects.filter(code=SOP_CODE).select_related("organization"):
        propose_revision(organization=sop.organization, actor=actor)
