"""`ujikom sop validate|import|export|render`: the SOP library from the command line.

    ujikom sop validate FILE…                       every error of every file, as FILE: path: message
    ujikom sop import FILE… [--organization CODE] [--approve]
    ujikom sop export CODE [--organization CODE] [--version N] [-o FILE]
    ujikom sop render CODE -o FILE.pdf [--paper a4|f4] [--organization CODE] [--version N]

Imports check every file first and import nothing when any of them is invalid.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ujikom.core.models import Organization
from ujikom.sop.definition import SopDefinition
from ujikom.sop.fileformat import SopError, dump_definition, load_definition, validate_text
from ujikom.sop.library import approve_as_published, import_definition
from ujikom.sop.library_selectors import version_definition, version_in_force
from ujikom.sop.models import Sop, SopVersion


@dataclass
class _Checked:
    path: str
    text: str
    definition: SopDefinition | None
    errors: list[str]


def _read(path: str) -> tuple[bytes | None, str | None]:
    try:
        return Path(path).read_bytes(), None
    except FileNotFoundError:
        return None, "berkas tidak ditemukan"
    except IsADirectoryError:
        return None, "ini folder, bukan berkas"
    except OSError as error:
        return None, f"berkas tidak dapat dibaca ({error.strerror})"


def _error_line(path: str, error: SopError) -> str:
    return f"{path}: {error.path}: {error.message}" if error.path else f"{path}: {error.message}"


class Command(BaseCommand):
    help = "Pustaka SOP: memeriksa, mengimpor, mengekspor dan mencetak SOP (format sop/v1)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{validate,import,export,render}"
        )
        validate = actions.add_parser("validate", help="Periksa berkas SOP; sebutkan setiap kesalahan.")
        validate.add_argument("files", nargs="+", metavar="FILE")

        imports = actions.add_parser(
            "import", help="Impor berkas SOP (versi baru bila nomornya sudah ada); semua diperiksa dulu."
        )
        imports.add_argument("files", nargs="+", metavar="FILE")
        imports.add_argument(
            "--organization",
            metavar="CODE",
            help="Kode organisasi tujuan; bawaan: organisasi yang namanya sama dengan kolom organization berkas.",
        )
        imports.add_argument(
            "--approve",
            action="store_true",
            help="Catat sebagai sudah disahkan (SOP yang sudah ditandatangani di atas kertas).",
        )

        export = actions.add_parser("export", help="Tulis SOP sebagai YAML.")
        export.add_argument("code", metavar="CODE", help="Nomor SOP")
        export.add_argument("--organization", metavar="CODE")
        export.add_argument(
            "--version", type=int, metavar="N", help="Bawaan: versi yang berlaku (atau terakhir)."
        )
        export.add_argument("-o", "--output", metavar="FILE", help="Bawaan: ke layar (stdout).")

        render = actions.add_parser("render", help="Cetak dokumen resmi SOP (PDF).")
        render.add_argument("code", metavar="CODE", help="Nomor SOP")
        render.add_argument("-o", "--output", metavar="FILE.pdf", required=True)
        render.add_argument("--paper", choices=["a4", "f4"], default="a4")
        render.add_argument("--organization", metavar="CODE")
        render.add_argument("--version", type=int, metavar="N")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "validate":
            self._validate(options["files"])
        elif action == "import":
            self._import(options["files"], options["organization"], options["approve"])
        elif action == "export":
            self._export(options)
        else:
            self._render(options)

    # ---- validate and import -------------------------------------------------------------------

    def _check(self, path: str) -> _Checked:
        content, problem = _read(path)
        if content is None:
            return _Checked(path, "", None, [f"{path}: {problem}"])
        errors = validate_text(content)
        if errors:
            return _Checked(path, "", None, [_error_line(path, error) for error in errors])
        text = content.decode("utf-8-sig")
        return _Checked(path, text, load_definition(text, source=path), [])

    def _validate(self, files: list[str]) -> None:
        invalid = 0
        for path in files:
            checked = self._check(path)
            if checked.errors:
                invalid += 1
                for line in checked.errors:
                    self.stdout.write(line)
            else:
                self.stdout.write(f"{path}: OK")
        if invalid:
            raise CommandError(f"{invalid} dari {len(files)} berkas tidak sah.")

    def _import(self, files: list[str], organization_code: str | None, approve: bool) -> None:
        chosen: Organization | None = None
        if organization_code:
            chosen = Organization.objects.filter(code=organization_code).first()
            if chosen is None:
                raise CommandError(f"Organisasi dengan kode '{organization_code}' tidak ditemukan.")
        plan: list[tuple[_Checked, Organization]] = []
        problems: list[str] = []
        for path in files:
            checked = self._check(path)
            if checked.errors or checked.definition is None:
                problems.extend(checked.errors)
                continue
            organization = (
                chosen
                or Organization.objects.filter(name__iexact=checked.definition.organization.strip()).first()
            )
            if organization is None:
                problems.append(
                    f"{path}: organization: tidak ada organisasi bernama '{checked.definition.organization}'; "
                    "sebutkan --organization KODE"
                )
                continue
            plan.append((checked, organization))
        if problems:
            for line in problems:
                self.stdout.write(line)
            raise CommandError("Tidak ada yang diimpor: perbaiki kesalahan di atas lalu ulangi.")
        with transaction.atomic():
            for checked, organization in plan:
                assert checked.definition is not None
                version = import_definition(
                    organization=organization,
                    definition=checked.definition,
                    actor=None,
                    source_text=checked.text,
                )
                if approve:
                    approve_as_published(version=version, actor=None)
                status = "disahkan" if approve else "draf"
                self.stdout.write(
                    f"{checked.path}: {version.code} versi {version.number} ({status}) di {organization.name}"
                )

    # ---- export and render ---------------------------------------------------------------------

    def _version(self, code: str, organization_code: str | None, number: int | None) -> SopVersion:
        sops = Sop.objects.filter(code=code).select_related("organization")
        if organization_code:
            sops = sops.filter(organization__code=organization_code)
        found = list(sops)
        if not found:
            where = f" di organisasi '{organization_code}'" if organization_code else ""
            raise CommandError(f"SOP '{code}' tidak ditemukan{where}.")
        if len(found) > 1:
            codes = ", ".join(sop.organization.code for sop in found)
            raise CommandError(
                f"SOP '{code}' ada di beberapa organisasi ({codes}); sebutkan --organization KODE."
            )
        sop = found[0]
        if number is not None:
            version = sop.versions.filter(number=number).first()
            if version is None:
                raise CommandError(f"SOP '{code}' tidak memiliki versi {number}.")
            return version
        version = (
            version_in_force(organization=sop.organization, code=code)
            or sop.versions.order_by("-number").first()
        )
        if version is None:
            raise CommandError(f"SOP '{code}' belum memiliki versi.")
        return version

    def _export(self, options: dict[str, Any]) -> None:
        version = self._version(options["code"], options["organization"], options["version"])
        text = dump_definition(version_definition(version))
        output = options["output"]
        if output and output != "-":
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"{version.code} versi {version.number} ditulis ke {output}")
        else:
            self.stdout.write(text, ending="")

    def _render(self, options: dict[str, Any]) -> None:
        from ujikom.sop.rendering import render_pdf

        version = self._version(options["code"], options["organization"], options["version"])
        pdf = render_pdf(version_definition(version), paper=options["paper"])
        output = options["output"]
        if output == "-":
            sys.stdout.buffer.write(pdf)
            return
        Path(output).write_bytes(pdf)
        self.stdout.write(
            f"{version.code} versi {version.number} ({options['paper'].upper()}) ditulis ke {output} "
            f"({len(pdf)} bait)"
        )
