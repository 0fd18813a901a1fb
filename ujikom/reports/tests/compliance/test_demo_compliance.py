"""The demo's history of completed runs: the compliance page names its slowest step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ujikom.core.demo import load_demo
from ujikom.core.models import User
from ujikom.reports.demo_compliance import load_compliance_demo
from ujikom.sop.models import Run, StepRun, Task, TaskOutput

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_page_names_the_slowest_step_of_each_organizations_runs():
    admin = load_demo()
    year = {"period": "year", "year": str(timezone.localdate().year)}

    disnaker = " ".join(signed_in("kabid").get(reverse("reports:compliance"), year).content.decode().split())
    lsp = " ".join(signed_in("ketua.lsp").get(reverse("reports:compliance"), year).content.decode().split())

    assert "Langkah paling lambat: PSM/DISNAKER-10 langkah 3 — Mendapatkan informasi kesiapan" in disnaker
    assert "Langkah paling lambat: 1.3.3/BPSDMI/STMI/SOP/VI/2020 langkah 6 — Melaksanakan penerbitan" in lsp
    slow = StepRun.objects.filter(run__version__code="PSM/DISNAKER-10", step__number=3, status="done")
    assert slow.count() == 8 and slow.filter(late=True).count() == 7
    others = StepRun.objects.filter(run__version__code="PSM/DISNAKER-10", status="done", late__isnull=False)
    others = others.exclude(step__number=3).filter(run__status="completed")
    assert others.filter(late=True).count() * 5 < others.count()  # mostly on time

    completed = Run.objects.filter(status="completed")
    assert completed.filter(version__code="PSM/DISNAKER-10").count() == 8
    assert completed.filter(version__code="1.3.3/BPSDMI/STMI/SOP/VI/2020").count() == 7
    assert completed.filter(version__code="PSM/DISNAKER-08").count() == 6
    assert not Task.objects.filter(step_run__run__in=completed, status__in=["open", "claimed"]).exists()
    assert all(run.completed_at < timezone.now() for run in completed)
    history = StepRun.objects.filter(run__in=completed)
    assert not history.filter(completed_at__gt=timezone.now() - dt.timedelta(days=7)).exists()
    assert (
        not Task.objects.filter(step_run__in=history)
        .exclude(completed_at=F("step_run__completed_at"))
        .exists()
    )
    outputs = TaskOutput.objects.filter(step_run__in=history)
    assert outputs.count() == outputs.filter(added_at=F("step_run__completed_at")).count() > 0
    copied = completed.filter(version__code="PSM/DISNAKER-10").order_by("started_at").last()
    run_page = signed_in("kabid").get(reverse("sop:run_detail", args=[copied.public_id]))
    assert run_page.status_code == 200 and copied.title in run_page.content.decode()

    load_compliance_demo(admin)  # a second load adds nothing
    assert Run.objects.filter(status="completed").count() == 21
