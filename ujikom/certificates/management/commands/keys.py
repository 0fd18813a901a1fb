"""`ujikom keys init|rotate|import-provider|list|ca|secret`: the LSPs' signing keys from the command line.

    ujikom keys init --lsp CODE [--years N] [--renew]
                                                     CA, PDF signing identity and Ed25519 key (when missing);
                                                     --renew: a new PDF signing certificate under the same CA
    ujikom keys rotate --lsp CODE [--compromised]    a new Ed25519 token key; the old one stays published
    ujikom keys import-provider --lsp CODE --p12 FILE [--password-env NAME]
                                                     a licensed provider's (PSrE) certificate for the PDFs
    ujikom keys list                                 every key and identity with its window
    ujikom keys ca --lsp CODE [-o FILE]              the LSP's root CA certificate (PEM) for relying parties
    ujikom keys secret                               a fresh KEY_ENCRYPTION_KEY

See docs/certificate-signing.md.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ujikom.certificates import keys, pades
from ujikom.certificates.models import PdfSigner, SigningKey
from ujikom.core.models import Organization

PASSWORD_ENV = "UJIKOM_P12_PASSWORD"


def _lsp(code: str) -> Organization:
    lsp = Organization.objects.filter(code=code, kind=Organization.Kind.LSP).first()
    if lsp is None:
        known = ", ".join(
            Organization.objects.filter(kind=Organization.Kind.LSP)
            .order_by("code")
            .values_list("code", flat=True)
        )
        raise CommandError(
            f"LSP dengan kode {code!r} tidak ditemukan. Kode LSP yang ada: {known or '(belum ada)'}."
        )
    return lsp


def _fingerprint(pem: str) -> str:
    der = x509.load_pem_x509_certificate(pem.encode("ascii")).public_bytes(serialization.Encoding.DER)
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[index : index + 2] for index in range(0, len(digest), 2))


def _day(moment: Any) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else "-"


class Command(BaseCommand):
    help = (
        "Kunci tanda tangan LSP: token Ed25519, CA dan identitas tanda tangan PDF (PAdES), sertifikat PSrE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{init,rotate,import-provider,list,ca,secret}"
        )
        init = actions.add_parser(
            "init", help="Buat CA LSP, identitas tanda tangan PDF dan kunci Ed25519 bila belum ada."
        )
        init.add_argument("--lsp", required=True, metavar="CODE", help="Kode LSP")
        init.add_argument(
            "--years",
            type=int,
            default=pades.DEFAULT_YEARS,
            help=f"Masa berlaku sertifikat penanda tangan PDF dalam tahun (bawaan {pades.DEFAULT_YEARS}; "
            f"CA berlaku {pades.CA_EXTRA_YEARS} tahun lebih lama).",
        )
        init.add_argument(
            "--renew",
            action="store_true",
            help="Buat sertifikat penanda tangan PDF baru di bawah CA yang sama (mis. menjelang kedaluwarsa, "
            "atau kembali dari sertifikat PSrE); yang lama tetap dikenali.",
        )

        rotate = actions.add_parser(
            "rotate", help="Ganti kunci Ed25519 LSP; kunci lama tetap diterbitkan untuk sertifikat lama."
        )
        rotate.add_argument("--lsp", required=True, metavar="CODE", help="Kode LSP")
        rotate.add_argument(
            "--compromised",
            action="store_true",
            help="Kunci lama bocor: tanda tangan sejak sekarang dengan kunci itu tidak diterima lagi.",
        )

        provider = actions.add_parser(
            "import-provider",
            help="Pasang sertifikat dari PSrE berinduk (PKCS#12) untuk menandatangani PDF sertifikat.",
        )
        provider.add_argument("--lsp", required=True, metavar="CODE", help="Kode LSP")
        provider.add_argument("--p12", required=True, metavar="FILE", help="Berkas .p12/.pfx dari PSrE")
        provider.add_argument(
            "--password-env",
            default=PASSWORD_ENV,
            metavar="NAME",
            help=f"Variabel lingkungan berisi kata sandi berkas (bawaan {PASSWORD_ENV}); "
            "bila kosong, kata sandi ditanyakan.",
        )

        actions.add_parser("list", help="Daftar kunci Ed25519 dan identitas tanda tangan PDF setiap LSP.")

        ca = actions.add_parser(
            "ca", help="Tulis sertifikat CA akar LSP (PEM) untuk diberikan kepada pemeriksa."
        )
        ca.add_argument("--lsp", required=True, metavar="CODE", help="Kode LSP")
        ca.add_argument("-o", "--output", metavar="FILE", help="Tulis ke berkas (bawaan: layar)")

        actions.add_parser("secret", help="Cetak nilai baru untuk KEY_ENCRYPTION_KEY.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"_{action}")(options)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None

    # ---- subcommands ----------------------------------------------------------------------------

    def _init(self, options: dict[str, Any]) -> None:
        lsp = _lsp(options["lsp"])
        years = options["years"]
        if not 1 <= years <= 30:
            raise CommandError("--years harus antara 1 dan 30 tahun.")
        key = SigningKey.objects.filter(lsp=lsp, not_after__isnull=True).first()
        if key is None:
            key = keys.rotate_key(lsp=lsp, actor=None)
            self.stdout.write(f"Kunci Ed25519 dibuat: {key.kid}")
        else:
            self.stdout.write(f"Kunci Ed25519 sudah ada: {key.kid} (berlaku sejak {_day(key.not_before)})")
        identity = pades.active_signer(lsp)
        if options["renew"]:
            previous = identity
            identity = pades.renew_own_ca_signer(lsp=lsp, actor=None, years=years)
            self.stdout.write(
                f"Sertifikat penanda tangan PDF baru dibuat: {identity.subject} (nomor seri {identity.serial_number})"
            )
            if previous is not None:
                self.stdout.write(
                    f"  identitas sebelumnya (nomor seri {previous.serial_number}) tidak aktif lagi"
                )
        elif identity is None:
            identity = pades.create_own_ca_signer(lsp=lsp, actor=None, years=years)
            self.stdout.write(f"CA LSP dan identitas tanda tangan PDF dibuat: {identity.subject}")
        else:
            self.stdout.write(
                f"Identitas tanda tangan PDF sudah ada ({identity.get_source_display()}): {identity.subject}"
            )
        self.stdout.write(f"  berlaku {_day(identity.not_before)} s.d. {_day(identity.not_after)}")
        if identity.ca_certificate_pem:
            self.stdout.write(f"  sidik jari SHA-256 CA akar: {_fingerprint(identity.ca_certificate_pem)}")
        self.stdout.write(
            "Simpan cadangan KEY_ENCRYPTION_KEY: tanpa nilai itu kunci privat tidak dapat dibuka lagi."
        )

    def _rotate(self, options: dict[str, Any]) -> None:
        lsp = _lsp(options["lsp"])
        previous = SigningKey.objects.filter(lsp=lsp, not_after__isnull=True).first()
        record = keys.rotate_key(lsp=lsp, actor=None, compromised=options["compromised"])
        if previous is None:
            self.stdout.write(f"Kunci Ed25519 baru: {record.kid} (LSP ini belum punya kunci).")
            return
        note = " dan ditandai bocor" if options["compromised"] else ""
        self.stdout.write(f"Kunci {previous.kid} ditutup{note}; kunci baru: {record.kid}")

    def _import_provider(self, options: dict[str, Any]) -> None:
        lsp = _lsp(options["lsp"])
        path = Path(options["p12"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: berkas tidak ditemukan.") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: ini folder, bukan berkas.") from None
        except OSError as error:
            raise CommandError(f"{path}: berkas tidak dapat dibaca ({error.strerror}).") from None
        secret = os.environ.get(options["password_env"], "")
        if not secret and sys.stdin.isatty():
            secret = getpass.getpass(f"Kata sandi {path.name}: ")
        try:
            record = pades.import_provider_signer(
                lsp=lsp, p12=data, password=secret.encode() if secret else None, actor=None
            )
        except pades.ProviderError as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(f"Sertifikat PSrE dipasang untuk {lsp.name}: {record.subject}")
        self.stdout.write(f"  berlaku {_day(record.not_before)} s.d. {_day(record.not_after)}")
        self.stdout.write(f"  CA akar: {_fingerprint(record.ca_certificate_pem)}")
        self.stdout.write("PDF baru ditandatangani dengan sertifikat ini; identitas lama tetap dikenali.")

    def _list(self, options: dict[str, Any]) -> None:
        lines = 0
        for key in SigningKey.objects.select_related("lsp").order_by("lsp__code", "not_before", "id"):
            state = "bocor" if key.compromised_at else ("aktif" if key.not_after is None else "pensiun")
            self.stdout.write(
                f"{key.lsp.code}\ted25519\t{key.kid}\t{_day(key.not_before)} s.d. {_day(key.not_after)}\t{state}"
            )
            lines += 1
        for identity in PdfSigner.objects.select_related("lsp").order_by("lsp__code", "not_before", "id"):
            self.stdout.write(
                f"{identity.lsp.code}\tpdf-{identity.source}\t{identity.subject}\t"
                f"{_day(identity.not_before)} s.d. {_day(identity.not_after)}\t"
                f"{'aktif' if identity.is_active else 'tidak aktif'}"
            )
            lines += 1
        if not lines:
            self.stdout.write("Belum ada kunci. Jalankan `ujikom keys init --lsp KODE`.")

    def _ca(self, options: dict[str, Any]) -> None:
        lsp = _lsp(options["lsp"])
        identity = pades.active_signer(lsp)
        if identity is None or not identity.ca_certificate_pem:
            raise CommandError(
                f"LSP {lsp.code} belum memiliki CA. Jalankan `ujikom keys init --lsp {lsp.code}`."
            )
        if options["output"]:
            Path(options["output"]).write_text(identity.ca_certificate_pem, encoding="ascii")
            self.stdout.write(
                f"CA akar ditulis ke {options['output']} ({_fingerprint(identity.ca_certificate_pem)})"
            )
        else:
            self.stdout.write(identity.ca_certificate_pem, ending="")

    def _secret(self, options: dict[str, Any]) -> None:
        self.stdout.write(keys.new_encryption_secret())
