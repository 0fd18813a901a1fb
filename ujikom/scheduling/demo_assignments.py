"""Demo assessor assignment: the demo assessor `asesor` is proposed by the Kabid Administrasi of LSP STMI
for the test day of the demo event, with the numbered assignment letter, and has confirmed. The event's
site is the Disnaker's TUK Mandiri, whose verification is valid, so it needs no verification of its own.
(Budi Hartono's registration has expired: proposing him is refused, which the tests show.)"""

from __future__ import annotations

from ujikom.core.models import User
from ujikom.registry.models import Assessor

from .demo_events import EVENT_TITLE
from .models import AssessorAssignment, TestEvent
from .services_assignments import confirm_assignment, propose_assessor


def load_assignments_demo(admin: User) -> None:
    event = TestEvent.objects.filter(title=EVENT_TITLE).select_related("lsp").first()
    # STMI step 3: the Kabid Administrasi issues the assignment letters.
    head = User.objects.filter(username="kabid.adm").first() or admin
    if event is None or AssessorAssignment.objects.filter(event=event).exists():
        return
    assessor = Assessor.objects.filter(lsp=event.lsp, user__username="asesor").select_related("user").first()
    if assessor is None:
        return
    assignment = propose_assessor(
        event=event,
        assessor=assessor,
        day=event.starts_on,
        candidate_count=min(event.quota, event.max_candidates_per_assessor_per_day),
        actor=head,
    )
    confirm_assignment(assignment=assignment, actor=assessor.user)
