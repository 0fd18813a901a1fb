"""`ujikom sop validate|import|export|render`."""

# Fixtures come from library_fixtures, imported by name, so pytest passes them back in.
# ruff: noqa: F811
from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ujikom.sop.fileformat import load_definition
from ujikom.sop.library import SEEDS_DIR, version_in_force
from ujikom.sop.models import Sop, SopVersion

from .library_fixtures import SOP_08, SOP_10, STMI, agency, seeded  # noqa: F401

pytestmark = pytest.mark.django_db

SEED_10 = SEEDS_DIR / "psm-disnaker-10.yaml"

BROKEN = """format: sop/v1
code: SOP-RUSAK
name: SOP Rusak
organization: Dinas Ketenagakerjaan Kota Tangerang
created: 2024-01-10
effective: 2017-02-30
approved_by: {title: Kepala Dinas, name: Siapa}
legal_basis: []
qualifications: []
equipment: []
warning: ""
recording: ""
actors:
  - {key: admin, name: Bagian Administrasi}
steps:
  - number: 1
    activities:
      - {actor: admin, text: Menerima berkas}
    time: 2 hri
"""


def _run(*args: str) -> str:
    out = StringIO()
    call_command("sop", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def broken(tmp_path) -> Path:
    path = tmp_path / "rusak.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_validate_lists_ok_files_and_every_error_of_the_others_and_fails(broken):
    out = StringIO()
    with pytest.raises(CommandError, match="1 dari 2 berkas tidak sah"):
        call_command("sop", "validate", str(SEED_10), str(broken), stdout=out)

    lines = out.getvalue().splitlines()
    assert f"{SEED_10}: OK" in lines
    assert any(line.startswith(f"{broken}: effective: ") for line in lines)
    assert any(line.startswith(f"{broken}: steps[0].time: ") and "hri" in line for line in lines)


def test_validate_all_seeds(db):
    out = _run("validate", *[str(path) for path in sorted(SEEDS_DIR.glob("*.yaml"))])
    assert out.count(": OK") == 3


def test_import_finds_the_organization_by_name_and_approves_when_asked(agency, lsp):
    out = _run(
        "import", *[str(path) for path in sorted(SEEDS_DIR.glob("*.yaml"))], "--organization", agency.code
    )
    assert out.count("(draf)") == 3
    assert SopVersion.objects.filter(status=SopVersion.Status.DRAFT).count() == 3

    out = _run("import", str(SEED_10), "--approve")
    assert "PSM/DISNAKER-10 versi 2 (disahkan)" in out
    assert version_in_force(organization=agency, code=SOP_10).number == 2


def test_import_imports_nothing_when_any_file_is_invalid(agency, broken):
    out = StringIO()
    with pytest.raises(CommandError, match="Tidak ada yang diimpor"):
        call_command("sop", "import", str(SEED_10), str(broken), stdout=out)
    assert "steps[0].time" in out.getvalue()
    assert not Sop.objects.exists()


def test_import_without_a_matching_organization_is_an_error(db):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("sop", "import", str(SEED_10), stdout=out)
    assert "sebutkan --organization" in out.getvalue()
    assert not Sop.objects.exists()


def test_export_writes_the_version_in_force_as_yaml(seeded, tmp_path):
    out = _run("export", SOP_10)
    assert load_definition(out).code == SOP_10

    target = tmp_path / "sop08.yaml"
    _run("export", SOP_08, "--organization", "disnaker-tangerang", "--version", "1", "-o", str(target))
    assert load_definition(target.read_text(encoding="utf-8")).code == SOP_08

    with pytest.raises(CommandError, match="tidak memiliki versi 9"):
        _run("export", SOP_10, "--version", "9")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        _run("export", "SOP-TIDAK-ADA")


def test_render_writes_a_pdf(seeded, tmp_path):
    target = tmp_path / "stmi.pdf"
    out = _run("render", STMI, "-o", str(target), "--paper", "f4")
    assert target.read_bytes().startswith(b"%PDF")
    assert "F4" in out
