"""PAdES signatures on certificate PDFs: the LSP's X.509 signing identity, signing, verifying.

Each LSP signs its certificate PDFs with an X.509 identity (`PdfSigner`): by default a document
signing certificate from the LSP's own CA (a self-signed ECDSA P-256 root made by `ujikom keys
init`), or a certificate from a licensed Indonesian e-signature provider (PSrE) loaded with `ujikom
keys import-provider`. Private keys are stored encrypted like the Ed25519 token keys (`keys.seal`).

Signing uses a picklable `Material` (key and chain as bytes), so PDFs can be signed in worker
processes; the signing itself lives in `pades_sign` (no Django import) and is re-exported here. The signature field is named after the certificate (`Sertifikat_<public id>`), which is
how a PDF handed to `verify_pdf` finds its record. `verify_pdf` works offline: the trust roots are
the LSPs' identities in the database, nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User

from . import keys
from .models import PdfSigner
from .pades_sign import FIELD_PREFIX as FIELD_PREFIX
from .pades_sign import REASON as REASON
from .pades_sign import Material as Material
from .pades_sign import field_name as field_name
from .pades_sign import sign_pdf as sign_pdf
from .selectors_verification import certificate_by_public_id, effective_status
from .services_status import reason_label

logger = logging.getLogger(__name__)

DEFAULT_YEARS = 10
CA_EXTRA_YEARS = 5  # the root outlives every signing certificate it issues
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # id-kp-documentSigning, RFC 9336
MS_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")
MAX_PDF_BYTES = 10 * 1024 * 1024

EVENT_LABELS = {
    "certificates.pdf_signer_created": gettext_lazy("Identitas tanda tangan PDF LSP dibuat"),
    "certificates.pdf_signer_renewed": gettext_lazy("Sertifikat tanda tangan PDF LSP diperbarui"),
    "certificates.pdf_signer_imported": gettext_lazy("Sertifikat tanda tangan PDF dari PSrE dipasang"),
}


# ---- the signing identity -----------------------------------------------------------------------


def _label(lsp_code: str, serial: str, role: str) -> str:
    return f"pdf-signer|{lsp_code}|{serial}|{role}"


def _der_key(private_key: PrivateKeyTypes) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _name(lsp: Organization, common_name: str) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, lsp.name[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ]
    if lsp.province:
        attributes.insert(1, x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, lsp.province[:128]))
    if lsp.city:
        attributes.insert(-2, x509.NameAttribute(NameOID.LOCALITY_NAME, lsp.city[:128]))
    return x509.Name(attributes)


def _subject_text(certificate: x509.Certificate) -> str:
    return certificate.subject.rfc4514_string()[:255]


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _key_usage(*, signing: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _make_ca(
    lsp: Organization, *, years: int, now: dt.datetime
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed root for the LSP, valid `years` + CA_EXTRA_YEARS."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(lsp, f"{lsp.name} CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * (years + CA_EXTRA_YEARS)))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return ca_key, ca_cert


def _make_signing_certificate(
    lsp: Organization, *, ca_key: PrivateKeyTypes, ca_cert: x509.Certificate, years: int, now: dt.datetime
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A document signing certificate for the LSP under its CA (never outliving the CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    not_after = min(now + dt.timedelta(days=365 * years), ca_cert.not_valid_after_utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(lsp, lsp.name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True, ca=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [DOCUMENT_SIGNING, MS_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    return key, certificate


def make_own_ca(
    lsp: Organization, *, years: int = DEFAULT_YEARS, now: dt.datetime | None = None
) -> dict[str, Any]:
    """A self-signed root for the LSP and a document signing certificate under it (not stored)."""
    now = now or timezone.now()
    ca_key, ca_cert = _make_ca(lsp, years=years, now=now)
    key, certificate = _make_signing_certificate(lsp, ca_key=ca_key, ca_cert=ca_cert, years=years, now=now)
    return {"ca_key": ca_key, "ca_certificate": ca_cert, "key": key, "certificate": certificate}


def active_signer(lsp: Organization) -> PdfSigner | None:
    return PdfSigner.objects.filter(lsp=lsp, is_active=True).first()


def _store_own(
    *,
    lsp: Organization,
    actor: User | None,
    ca_key: PrivateKeyTypes,
    ca_cert: x509.Certificate,
    key: PrivateKeyTypes,
    certificate: x509.Certificate,
    renewed: bool,
) -> PdfSigner:
    serial = format(certificate.serial_number, "x")
    PdfSigner.objects.select_for_update().filter(lsp=lsp, is_active=True).update(is_active=False)
    record = PdfSigner.objects.create(
        lsp=lsp,
        source=PdfSigner.Source.OWN_CA,
        subject=_subject_text(certificate),
        serial_number=serial,
        certificate_pem=_pem(certificate),
        chain_pem=_pem(ca_cert),
        ca_certificate_pem=_pem(ca_cert),
        ca_private_key_encrypted=keys.seal(_der_key(ca_key), _label(lsp.code, serial, "ca")),
        private_key_encrypted=keys.seal(_der_key(key), _label(lsp.code, serial, "signer")),
        not_before=_aware(certificate.not_valid_before_utc),
        not_after=_aware(certificate.not_valid_after_utc),
        is_active=True,
        created_by=actor,
    )
    record_event(
        record,
        "certificates.pdf_signer_renewed" if renewed else "certificates.pdf_signer_created",
        actor=actor,
        organization=lsp,
        data={"subject": record.subject, "serial": serial, "not_after": record.not_after.isoformat()},
    )
    return record


@transaction.atomic
def create_own_ca_signer(*, lsp: Organization, actor: User | None, years: int = DEFAULT_YEARS) -> PdfSigner:
    """Make the LSP's own CA and signing identity and make it the active one."""
    made = make_own_ca(lsp, years=years)
    return _store_own(
        lsp=lsp,
        actor=actor,
        ca_key=made["ca_key"],
        ca_cert=made["ca_certificate"],
        key=made["key"],
        certificate=made["certificate"],
        renewed=False,
    )


@transaction.atomic
def renew_own_ca_signer(*, lsp: Organization, actor: User | None, years: int = DEFAULT_YEARS) -> PdfSigner:
    """A new signing certificate under the LSP's existing root, so relying parties keep trusting the
    same CA (a new root only when the LSP has none or it expires within `years`); it becomes the
    active identity, the previous ones keep verifying what they signed."""
    now = timezone.now()
    latest = (
        PdfSigner.objects.select_for_update()
        .filter(lsp=lsp, source=PdfSigner.Source.OWN_CA)
        .exclude(ca_private_key_encrypted="")
        .order_by("-not_before", "-id")
        .first()
    )
    if latest is None:
        return create_own_ca_signer(lsp=lsp, actor=actor, years=years)
    ca_cert = x509.load_pem_x509_certificate(latest.ca_certificate_pem.encode("ascii"))
    if ca_cert.not_valid_after_utc < now + dt.timedelta(days=365 * years):
        return create_own_ca_signer(lsp=lsp, actor=actor, years=years)
    ca_key = serialization.load_der_private_key(
        keys.unseal(latest.ca_private_key_encrypted, _label(lsp.code, latest.serial_number, "ca")),
        password=None,
    )
    key, certificate = _make_signing_certificate(lsp, ca_key=ca_key, ca_cert=ca_cert, years=years, now=now)
    return _store_own(
        lsp=lsp, actor=actor, ca_key=ca_key, ca_cert=ca_cert, key=key, certificate=certificate, renewed=True
    )


class ProviderError(ValueError):
    """A PKCS#12 file that cannot be used (message in Indonesian)."""


def _is_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and bool(pfx["auth_safe"]["content_type"].native)
    except (ValueError, TypeError, KeyError):
        return False


def _load_p12(data: bytes, password: bytes | None) -> Any:
    from cryptography.hazmat.primitives.serialization import pkcs12

    if not _is_pkcs12(data):
        raise ProviderError(_("Berkas bukan PKCS#12 (.p12/.pfx) yang dapat dibaca."))
    try:
        return pkcs12.load_pkcs12(data, password)
    except ValueError:
        if not password:
            raise ProviderError(
                _("Berkas PKCS#12 dilindungi kata sandi; kata sandinya belum diberikan.")
            ) from None
        raise ProviderError(_("Kata sandi berkas PKCS#12 salah.")) from None


@transaction.atomic
def import_provider_signer(
    *, lsp: Organization, p12: bytes, password: bytes | None, actor: User | None
) -> PdfSigner:
    """Use a PSrE's certificate (PKCS#12 with its chain) for the LSP's PDFs from now on; the own-CA
    identity is kept (inactive) so PDFs signed with it still verify."""
    bundle = _load_p12(p12, password)
    if bundle.key is None or bundle.cert is None:
        raise ProviderError(_("Berkas PKCS#12 tidak berisi kunci privat beserta sertifikatnya."))
    if not isinstance(bundle.key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise ProviderError(_("Jenis kunci privat tidak didukung; gunakan RSA atau ECDSA."))
    certificate: x509.Certificate = bundle.cert.certificate
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if certificate.public_key().public_bytes(*spki) != bundle.key.public_key().public_bytes(*spki):
        raise ProviderError(_("Kunci privat tidak cocok dengan sertifikat di berkas PKCS#12."))
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or not (usage.digital_signature and usage.content_commitment):
        raise ProviderError(
            _(
                "Sertifikat tidak boleh dipakai untuk tanda tangan dokumen: keyUsage harus memuat "
                "digitalSignature dan nonRepudiation."
            )
        )
    now = timezone.now()
    if not (certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc):
        raise ProviderError(_("Sertifikat tidak berlaku saat ini (di luar masa berlakunya)."))
    chain = [extra.certificate for extra in bundle.additional_certs]
    if not chain:
        raise ProviderError(
            _("Berkas PKCS#12 tidak memuat rantai sertifikat PSrE (CA penerbit sampai CA akar).")
        )
    roots = [item for item in chain if item.subject == item.issuer]
    root = roots[0] if roots else chain[-1]
    serial = format(certificate.serial_number, "x")
    PdfSigner.objects.select_for_update().filter(lsp=lsp, is_active=True).update(is_active=False)
    record = PdfSigner.objects.create(
        lsp=lsp,
        source=PdfSigner.Source.PROVIDER,
        subject=_subject_text(certificate),
        serial_number=serial,
        certificate_pem=_pem(certificate),
        chain_pem="".join(_pem(item) for item in chain),
        ca_certificate_pem=_pem(root),
        private_key_encrypted=keys.seal(_der_key(bundle.key), _label(lsp.code, serial, "signer")),
        not_before=_aware(certificate.not_valid_before_utc),
        not_after=_aware(certificate.not_valid_after_utc),
        is_active=True,
        created_by=actor,
    )
    record_event(
        record,
        "certificates.pdf_signer_imported",
        actor=actor,
        organization=lsp,
        data={"subject": record.subject, "serial": serial, "issuer": certificate.issuer.rfc4514_string()},
    )
    return record


# ---- signing ------------------------------------------------------------------------------------


def _pem_blocks(text: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(text.encode("ascii")) if text.strip() else []


def material_of(record: PdfSigner) -> Material:
    lsp = record.lsp
    key_der = keys.unseal(record.private_key_encrypted, _label(lsp.code, record.serial_number, "signer"))
    certificate = x509.load_pem_x509_certificate(record.certificate_pem.encode("ascii"))
    return Material(
        lsp_code=lsp.code,
        location=lsp.city or "Indonesia",
        key_der=key_der,
        certificate_der=certificate.public_bytes(serialization.Encoding.DER),
        chain_der=tuple(
            item.public_bytes(serialization.Encoding.DER) for item in _pem_blocks(record.chain_pem)
        ),
    )


def material_for(lsp: Organization, *, actor: User | None = None) -> Material:
    """The LSP's active PDF identity, loaded. Made on first use in development and tests; in
    production `ujikom keys init` must have been run (refused in Indonesian otherwise)."""
    record = PdfSigner.objects.select_related("lsp").filter(lsp=lsp, is_active=True).first()
    if record is None:
        if not (settings.DEBUG or settings.TESTING):
            raise ValidationError(
                _(
                    "LSP %(lsp)s belum memiliki identitas tanda tangan PDF; jalankan "
                    "`ujikom keys init --lsp %(code)s` terlebih dahulu."
                )
                % {"lsp": lsp.name, "code": lsp.code}
            )
        record = create_own_ca_signer(lsp=lsp, actor=actor)
    return material_of(record)


# ---- verifying ----------------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
FIELD_PATTERN = re.compile(rf"^{FIELD_PREFIX}([1-9A-HJ-NP-Za-km-z]{{16,32}})$")


def looks_like_pdf(data: bytes) -> bool:
    """The PDF header within the first kilobyte (as PDF readers accept it)."""
    return PDF_MAGIC in data[:1024]


def _known_signer(signer_cert: asn1_x509.Certificate) -> PdfSigner | None:
    """The LSP identity (active or retired) holding exactly this certificate."""
    serial = format(signer_cert.serial_number, "x")
    der = signer_cert.dump()
    for record in PdfSigner.objects.select_related("lsp").filter(serial_number=serial):
        if (
            x509.load_pem_x509_certificate(record.certificate_pem.encode("ascii")).public_bytes(
                serialization.Encoding.DER
            )
            == der
        ):
            return record
    return None


def _signature_status(embedded: Any, record: PdfSigner | None, signed_at: dt.datetime) -> Any:
    """pyHanko's validation (integrity, coverage, changes after signing, trust) with the identity's
    own root as the only trust anchor, at signing time, offline: nothing fetched, no revocation
    lookups. An unknown signer is checked against no root at all (integrity only)."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    def load(text: str) -> list[asn1_x509.Certificate]:
        return [
            asn1_x509.Certificate.load(item.public_bytes(serialization.Encoding.DER))
            for item in _pem_blocks(text)
        ]

    context = ValidationContext(
        trust_roots=load(record.ca_certificate_pem) if record else [],
        other_certs=load(record.chain_pem) if record else [],
        moment=signed_at,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    return validate_pdf_signature(embedded, signer_validation_context=context)


def _certificate_summary(certificate: Any) -> dict[str, Any]:
    return {
        "holder": certificate.holder_name,
        "certificate_number": certificate.certificate_number,
        "registration_number": certificate.registration_number,
        "scheme": {"code": certificate.scheme_code, "name": certificate.scheme_name},
        "lsp": {"code": certificate.lsp.code, "name": certificate.lsp.name},
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
    }


def verify_pdf(data: bytes) -> dict[str, Any]:
    """An uploaded certificate PDF: genuine and unaltered (one signature, by a known LSP identity
    chaining to its CA, covering the whole file)? and what the certificate's record says now.
    Never raises: a broken or foreign file is reported as not genuine with the reason."""
    answer: dict[str, Any] = {
        "genuine": False,
        "reason": "",
        "checks": [],
        "signer": None,
        "signed_at": None,
        "record_found": False,
        "matches_record": False,
        "status": None,
        "status_label": None,
        "status_reason": None,
        "public_id": None,
        "certificate": None,
        "checked_at": timezone.now(),
    }
    try:
        _verify_into(answer, data if isinstance(data, bytes) else b"")
    except Exception:  # a malformed file must never become a server error
        logger.warning("PDF verification failed unexpectedly", exc_info=True)
        answer.update(genuine=False, reason=_("PDF rusak atau tidak dapat diperiksa."))
        answer["checks"].append(_check("pdf", _("Berkas PDF"), False, answer["reason"]))
    return answer


def _check(name: str, label: str, ok: bool, detail: str) -> dict[str, Any]:
    return {"name": name, "label": label, "ok": ok, "detail": detail}


def _fail(answer: dict[str, Any], name: str, label: str, reason: str) -> None:
    answer["genuine"] = False
    answer["reason"] = reason
    answer["checks"].append(_check(name, label, False, reason))


def _verify_into(answer: dict[str, Any], data: bytes) -> None:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    checks = answer["checks"]
    pdf_label, signature_label = _("Berkas PDF"), _("Tanda tangan digital PDF")
    unaltered_label, signer_label = _("Tidak diubah setelah ditandatangani"), _("Penanda tangan")
    if not data:
        return _fail(answer, "pdf", pdf_label, _("Berkas kosong."))
    if not looks_like_pdf(data):
        return _fail(answer, "pdf", pdf_label, _("Berkas bukan PDF."))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError):
        return _fail(answer, "pdf", pdf_label, _("PDF rusak atau tidak dapat dibaca."))
    checks.append(_check("pdf", pdf_label, True, _("PDF dapat dibaca.")))
    if not signatures:
        return _fail(answer, "signature", signature_label, _("PDF tidak memiliki tanda tangan digital LSP."))
    if len(signatures) > 1:
        return _fail(
            answer,
            "signature",
            signature_label,
            _("PDF memuat %(count)s tanda tangan; sertifikat asli hanya memuat satu tanda tangan LSP.")
            % {"count": len(signatures)},
        )
    embedded = signatures[0]
    match = FIELD_PATTERN.match(embedded.field_name or "")
    public_id = match.group(1) if match else None
    answer["public_id"] = public_id
    record = _known_signer(embedded.signer_cert)
    signed_at = embedded.self_reported_timestamp or timezone.now()
    status = _signature_status(embedded, record, signed_at)
    if not (status.intact and status.valid):
        return _fail(
            answer,
            "signature",
            signature_label,
            _("Tanda tangan tidak cocok dengan isi PDF: isi yang ditandatangani telah diubah."),
        )
    checks.append(
        _check(
            "signature",
            signature_label,
            True,
            _("Tanda tangan utuh dan cocok dengan isi yang ditandatangani."),
        )
    )
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        checks.append(_check("unaltered", unaltered_label, True, _("Tanda tangan mencakup seluruh berkas.")))
    elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.modification_level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
    ):
        checks.append(
            _check(
                "unaltered", unaltered_label, True, _("Setelah ditandatangani hanya ditambah data validasi.")
            )
        )
    else:
        return _fail(
            answer,
            "unaltered",
            unaltered_label,
            _("PDF diubah setelah ditandatangani (ada perubahan yang ditambahkan setelah tanda tangan LSP)."),
        )
    if record is None:
        return _fail(
            answer,
            "signer",
            signer_label,
            _("PDF tidak ditandatangani oleh identitas LSP mana pun yang terdaftar di sistem ini."),
        )
    answer["signed_at"] = signed_at
    answer["signer"] = {
        "subject": record.subject,
        "serial_number": record.serial_number,
        "source": record.source,
        "source_label": str(PdfSigner.Source(record.source).label),
        "lsp": {"code": record.lsp.code, "name": record.lsp.name},
    }
    if signed_at > timezone.now() + dt.timedelta(minutes=5):
        return _fail(answer, "signer", signer_label, _("Waktu tanda tangan di PDF berada di masa depan."))
    if not status.trusted:
        return _fail(
            answer,
            "signer",
            signer_label,
            _("Sertifikat penanda tangan tidak berantai ke CA LSP atau tidak berlaku saat penandatanganan."),
        )
    checks.append(
        _check(
            "signer",
            signer_label,
            True,
            _("Ditandatangani %(lsp)s (%(subject)s), berantai ke CA yang terdaftar.")
            % {"lsp": record.lsp.name, "subject": record.subject},
        )
    )
    answer["genuine"] = True
    answer["reason"] = _("PDF asli dan tidak diubah sejak ditandatangani LSP.")
    certificate = certificate_by_public_id(public_id or "")
    if certificate is None:
        answer["reason"] = _("PDF asli, tetapi sertifikatnya tidak ditemukan di LSP.")
        return None
    if certificate.lsp_id != record.lsp_id:
        return _fail(
            answer,
            "signer",
            signer_label,
            _("PDF ditandatangani LSP lain daripada LSP yang menerbitkan sertifikat ini."),
        )
    today = timezone.localdate()
    live = effective_status(certificate, today)
    stored_sha = getattr(certificate.pdf, "sha256", "") if certificate.pdf_id else ""
    answer.update(
        record_found=True,
        matches_record=bool(stored_sha) and stored_sha == hashlib.sha256(data).hexdigest(),
        status=live,
        status_label=str(type(certificate).Status(live).label),
        status_reason=reason_label(live, certificate.status_reason) if certificate.status_reason else "",
        certificate=_certificate_summary(certificate),
    )
    return None


def read_upload(upload: Any) -> tuple[str, bytes]:
    """The bytes of an uploaded certificate PDF, or an Indonesian message saying what is wrong with
    it (missing, empty, larger than 10 MB, not a PDF by its content)."""
    if upload is None:
        return _("Unggah berkas PDF sertifikat pada isian `file`."), b""
    if not upload.size:
        return _("Berkas yang diunggah kosong."), b""
    if upload.size > MAX_PDF_BYTES:
        return _("Berkas terlalu besar: paling besar 10 MB."), b""
    head = upload.read(1024)
    if not looks_like_pdf(head):
        return _("Berkas yang diunggah bukan PDF (isinya tidak diawali tanda PDF)."), b""
    return "", head + upload.read()
