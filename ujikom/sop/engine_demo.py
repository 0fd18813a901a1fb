"""Demo runs (ujikom.core.demo.DEMO_LOADERS): work under way, so "Tugas saya" and the run pages
show something the first time the demo is opened.

- Disnaker: a PSM/DISNAKER-10 run whose first step (Bagian Administrasi) is done; step 2 waits
  for Bidang Teknis Operasional and Kepala TUK.
- LSP STMI: a run of the certification cycle at its first step (Direktur).
"""

from __future__ import annotations

from django.db import transaction

from ujikom.core.models import Organization, RoleAssignment, User

from . import engine
from .library import version_in_force
from .models import Run, Task

DEMO_RUNS = [
    ("disnaker-tangerang", "PSM/DISNAKER-10", "Uji kompetensi Operator Komputer Muda, TUK Disnaker"),
    ("lsp-stmi", "1.3.3/BPSDMI/STMI/SOP/VI/2020", "Siklus sertifikasi mahasiswa tingkat akhir"),
]
REKAP = (
    "nama,jadwal,asesor\nRina Wulandari,Senin 08.00,Agus Santoso\nDedi Kurniawan,Senin 08.00,Agus Santoso\n"
)


def _holder(organization: Organization, role_key: str) -> User | None:
    assignment = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role__key=role_key)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment is not None else None


@transaction.atomic
def load_demo_runs(actor: User) -> None:
    """Start the demo runs whose SOP is in force and not yet run; skipped quietly otherwise."""
    for org_code, code, title in DEMO_RUNS:
        organization = Organization.objects.filter(code=org_code).first()
        if organization is None or version_in_force(organization=organization, code=code) is None:
            continue
        if Run.objects.filter(organization=organization, version__code=code).exists():
            continue
        run = engine.start_run(organization=organization, code=code, title=title, actor=actor)
        if code != "PSM/DISNAKER-10":
            continue
        clerk = _holder(organization, "admin_staff")
        first = Task.objects.filter(step_run__run=run).select_related("step_run__step").first()
        if clerk is None or first is None:
            continue
        for index in range(len(first.step_run.step.outputs or [])):
            engine.upload_output(
                task=first,
                output_index=index,
                content=REKAP.encode(),
                name=f"rekap-{index + 1}.csv",
                actor=clerk,
            )
        engine.complete_task(task=first, actor=clerk, note="Jadwal dan rekap peserta sudah dikirim.")
