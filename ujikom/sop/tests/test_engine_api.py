"""The engine's REST API: my tasks, claim, upload, complete, start, read and cancel runs, with permissions."""

from __future__ import annotations

import pytest
from django.test import Client

from ujikom.core.tokens import create_token
from ujikom.sop import engine
from ujikom.sop.models import Run, StepRun, Task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Api:
    prefix = "/api/v1"

    def __init__(self, user) -> None:
        _token, secret = create_token(user=user, name="tes")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path, **params):
        return self.client.get(self.prefix + path, params)

    def post(self, path, body=None):
        return self.client.post(self.prefix + path, body or {}, content_type="application/json")

    def upload(self, path, name, content):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(self.prefix + path, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def run(clock, disnaker, staff, disnaker_sop) -> Run:
    return engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji API", actor=staff.kasi)


@pytest.fixture
def task(run) -> Task:
    return Task.objects.get(step_run__run=run)


def test_my_tasks_lists_the_open_task_offered_to_me(staff, task):
    response = Api(staff.admin).get("/tasks")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["public_id"] == str(task.public_id)
    assert item["sop"] == "PSM/DISNAKER-10" and item["step"] == 1 and item["is_overdue"] is False
    assert Api(staff.tekops).get("/tasks").json()["count"] == 0


def test_my_tasks_filters_by_sop(staff, task):
    assert Api(staff.admin).get("/tasks", sop="LAIN").json()["count"] == 0
    assert Api(staff.admin).get("/tasks", run=str(task.step_run.run.public_id)).json()["count"] == 1


def test_claim_upload_and_complete_a_task(staff, task, run):
    api = Api(staff.admin)

    detail = api.get(f"/tasks/{task.public_id}").json()
    assert detail["outputs"][0]["file"] is None and detail["can_complete"] is True
    assert api.post(f"/tasks/{task.public_id}/claim").json()["claimed_by"]["full_name"] == "Siti Administrasi"
    uploaded = api.upload(f"/tasks/{task.public_id}/outputs/0", "rekap.pdf", PDF)
    assert uploaded.status_code == 201 and len(uploaded.json()["sha256"]) == 64
    completed = api.post(f"/tasks/{task.public_id}/complete", {"note": "Terkirim"})

    assert completed.status_code == 200
    assert (
        completed.json()["status"] == "done"
        and completed.json()["completed_by"]["full_name"] == "Siti Administrasi"
    )
    assert run.step_runs.get(step__number=2).status == StepRun.Status.ACTIVE


def test_completing_without_outputs_is_a_422_naming_them(staff, task):
    response = Api(staff.admin).post(f"/tasks/{task.public_id}/complete", {})

    assert response.status_code == 422
    assert "Rekap daftar calon peserta" in response.json()["detail"][0]["msg"]
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_completing_twice_is_a_422_saying_who_did_it(staff, task):
    engine.upload_output(task=task, output_index=0, content=PDF, name="rekap.pdf", actor=staff.admin)
    engine.complete_task(task=task, actor=staff.admin)

    response = Api(staff.admin).post(f"/tasks/{task.public_id}/complete", {})

    assert response.status_code == 422
    assert "sudah diselesaikan oleh Siti Administrasi" in response.json()["detail"][0]["msg"]


def test_a_wrong_file_type_is_a_422_in_indonesian(staff, task):
    response = Api(staff.admin).upload(f"/tasks/{task.public_id}/outputs/0", "a.exe", b"MZ\x90\x00")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.file"
    assert "jenis berkas tidak diizinkan" in response.json()["detail"][0]["msg"]


def test_an_output_number_the_step_does_not_have_is_a_422(staff, task):
    response = Api(staff.admin).upload(f"/tasks/{task.public_id}/outputs/5", "a.pdf", PDF)
    assert response.status_code == 422


def test_someone_with_sop_view_but_not_the_role_cannot_complete(staff, task):
    engine.upload_output(task=task, output_index=0, content=PDF, name="rekap.pdf", actor=staff.admin)

    api = Api(staff.kabid)
    assert api.get(f"/tasks/{task.public_id}").status_code == 200
    assert api.post(f"/tasks/{task.public_id}/complete", {}).status_code == 403
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_tasks_and_runs_of_another_organization_are_not_found(make_user, lsp, task, run):
    api = Api(make_user("luar", roles=[(lsp, "org_admin")]))

    assert api.get(f"/tasks/{task.public_id}").status_code == 404
    assert api.post(f"/tasks/{task.public_id}/claim").status_code == 404
    assert api.get(f"/runs/{run.public_id}").status_code == 404
    assert api.post(f"/runs/{run.public_id}/cancel", {"reason": "x"}).status_code == 404


def test_a_member_without_sop_view_not_offered_the_task_is_refused(staff, task):
    assert Api(staff.asesor).get(f"/tasks/{task.public_id}").status_code == 403


def test_starting_a_run_with_players(clock, staff, disnaker_sop, disnaker):
    response = Api(staff.kasi).post(
        "/runs",
        {
            "organization": "disnaker",
            "sop": "PSM/DISNAKER-10",
            "title": "Uji lewat API",
            "players": {"asesor": {"people": [str(staff.asesor.public_id)]}, "mutu": {"role": "kabid"}},
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sop"] == "PSM/DISNAKER-10" and body["status"] == "running"
    players = {p["actor"]: p for p in body["players"]}
    assert players["asesor"]["people"][0]["full_name"] == "Agus Asesor"
    assert players["mutu"]["role"] == "kabid"
    assert body["step_runs"][0]["step"] == 1 and body["step_runs"][0]["tasks"][0]["status"] == "open"


def test_starting_a_run_reports_bad_players_and_needs_sop_run(clock, staff, disnaker_sop):
    bad = Api(staff.kasi).post(
        "/runs",
        {
            "organization": "disnaker",
            "sop": "PSM/DISNAKER-10",
            "title": "x",
            "players": {"asesor": {"role": "tidak-ada"}},
        },
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == "body.players.asesor.role"
    unknown = Api(staff.kasi).post(
        "/runs",
        {
            "organization": "disnaker",
            "sop": "PSM/DISNAKER-10",
            "title": "x",
            "players": {"tamu": {"role": "kabid"}},
        },
    )
    assert unknown.status_code == 422 and "tamu" in unknown.json()["detail"][0]["msg"]
    refused = Api(staff.mutu).post(
        "/runs", {"organization": "disnaker", "sop": "PSM/DISNAKER-10", "title": "x"}
    )
    assert refused.status_code == 403
    assert not Run.objects.exists()


def test_reading_and_cancelling_a_run(staff, run):
    api = Api(staff.kasi)
    detail = api.get(f"/runs/{run.public_id}").json()
    assert detail["title"] == "Uji API" and len(detail["players"]) == 6

    assert Api(staff.mutu).post(f"/runs/{run.public_id}/cancel", {"reason": "x"}).status_code == 403
    cancelled = api.post(f"/runs/{run.public_id}/cancel", {"reason": "Ditunda"})

    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["step_runs"][0]["tasks"][0]["status"] == "cancelled"


def test_the_organizations_runs_are_listed_for_sop_view_holders(staff, run):
    assert Api(staff.kasi).get("/organizations/disnaker/runs").json()["count"] == 1
    assert Api(staff.asesor).get("/organizations/disnaker/runs").status_code == 403


def test_a_decision_is_completed_with_its_label(clock, staff, disnaker, loop_sop):
    run = engine.start_run(organization=disnaker, code="UJI/LOOP-1", title="Laporan", actor=staff.kasi)
    first = Task.objects.get(step_run__run=run)
    engine.upload_output(task=first, output_index=0, content=PDF, name="draf.pdf", actor=staff.admin)
    engine.complete_task(task=first, actor=staff.admin)
    decision = Task.objects.get(step_run__run=run, status=Task.Status.OPEN)
    api = Api(staff.mutu)

    assert api.get(f"/tasks/{decision.public_id}").json()["choices"] == ["Ya", "Tidak"]
    wrong = api.post(f"/tasks/{decision.public_id}/complete", {"chosen_label": "Mungkin"})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == "body.chosen_label"
    assert api.post(f"/tasks/{decision.public_id}/complete", {"chosen_label": "Ya"}).status_code == 200
    assert run.step_runs.get(step__number=3).status == StepRun.Status.ACTIVE
