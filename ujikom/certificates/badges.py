"""A certificate as an Open Badges 3.0 credential with a Data Integrity proof (`eddsa-rdfc-2022`).

The credential is an `OpenBadgeCredential` in the VC 2.0 data model: the LSP is the issuer (a
Profile), the holder is named and identified by the salted SHA-256 hash of the NIK (OB 3.0
`identityHash`, never the NIK itself), the achievement is the scheme (`achievementType:
Certification`) with one alignment per competency unit, `validUntil` is the end of the certificate's
last day, and `credentialStatus` points at the certificate's bits in the LSP's revocation and
suspension lists. A revoked or suspended certificate can still be exported: its status entries tell
every verifier that it is revoked or suspended, which is what status lists are for.

The proof follows W3C "Data Integrity EdDSA Cryptosuites v1.0", `eddsa-rdfc-2022`:

    proof config  = the proof without proofValue, with the document's @context
    hash data     = sha256(RDFC-1.0(proof config)) || sha256(RDFC-1.0(document without proof))
    proofValue    = "z" + base58btc(Ed25519 signature of hash data)

RDFC-1.0 (URDNA2015) runs in pyld with the pinned contexts only (`jsonld_contexts`). The key is the
LSP's Ed25519 key that also signs the QR tokens, published as a Multikey (`z6Mk…` = base58btc of
0xed01 + the raw public key) in the LSP's controller document `/lsp/<code>/issuer`, which is also the
issuer's profile and lists every key the LSP ever had. The credential is the same every time except
the proof's `created` (and its signature): Ed25519 signatures are deterministic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from pyld import jsonld

from ujikom.core.models import Organization, User

from . import statuslist
from .jsonld_contexts import MULTIKEY_V1, OB_V3, PINNED, VC_V2, ContextUnavailable, document_loader
from .keys import Signer, b64url_decode, key_was_valid, public_key_of, signer_for
from .models import BASE58, Certificate, SigningKey, StatusList

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ED25519_MULTICODEC = b"\xed\x01"
MEDIA_TYPE = "application/vc+ld+json"
SKKNI = "SKKNI"  # Standar Kompetensi Kerja Nasional Indonesia: the framework of the units
# The two verification relationships of a controller document (W3C Controlled Identifiers v1.0).
CONTROLLER_TERMS = {
    "verificationMethod": {
        "@id": "https://w3id.org/security#verificationMethod",
        "@type": "@id",
        "@container": "@set",
    },
    "assertionMethod": {
        "@id": "https://w3id.org/security#assertionMethod",
        "@type": "@id",
        "@container": "@set",
    },
}
CACHE_SECONDS = 24 * 3600


# ---- keys as Multikeys -------------------------------------------------------------------------


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(BASE58[rest])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return BASE58[0] * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        position = BASE58.find(char)
        if position < 0:
            raise ValueError(f"not base58btc: {char!r}")
        number = number * 58 + position
    zeros = len(text) - len(text.lstrip(BASE58[0]))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multikey_of(record: SigningKey) -> str:
    """The public key as a Multikey value: "z" + base58btc(0xed01 + 32 raw bytes) → `z6Mk…`."""
    return "z" + base58btc(ED25519_MULTICODEC + b64url_decode(record.public_key))


def _address(path: str) -> str:
    return f"{str(settings.SITE_URL).rstrip('/')}{path}"


def issuer_url(lsp: Organization) -> str:
    """The LSP's issuer id: its profile and controller document, served publicly."""
    return _address(reverse("public:issuer", args=[lsp.code]))


def verification_method_id(record: SigningKey) -> str:
    return f"{issuer_url(record.lsp)}#{multikey_of(record)}"


def controller_document(lsp: Organization) -> dict[str, Any]:
    """The issuer's Profile and controller document: every key of the LSP (retired ones too, so
    credentials signed years ago still verify) as a Multikey usable for `assertionMethod`."""
    controller = issuer_url(lsp)
    records = list(SigningKey.objects.filter(lsp=lsp).order_by("not_before", "id"))
    methods = []
    for record in records:
        method: dict[str, Any] = {
            "id": f"{controller}#{multikey_of(record)}",
            "type": "Multikey",
            "controller": controller,
            "publicKeyMultibase": multikey_of(record),
        }
        if record.compromised_at is not None:
            method["revoked"] = _timestamp(record.compromised_at)
        methods.append(method)
    document = _profile(lsp)
    document["@context"] = [OB_V3, MULTIKEY_V1, CONTROLLER_TERMS]
    document["verificationMethod"] = methods
    document["assertionMethod"] = [method["id"] for method in methods if "revoked" not in method]
    return {"@context": document.pop("@context"), **document}


# ---- the credential ----------------------------------------------------------------------------


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _local(day: dt.date, time: dt.time) -> str:
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def _profile(lsp: Organization) -> dict[str, Any]:
    address: dict[str, Any] = {"type": ["Address"], "addressCountry": "Indonesia", "addressCountryCode": "ID"}
    if lsp.city:
        address["addressLocality"] = lsp.city
    if lsp.province:
        address["addressRegion"] = lsp.province
    if lsp.address:
        address["streetAddress"] = lsp.address
    profile: dict[str, Any] = {
        "id": issuer_url(lsp),
        "type": ["Profile"],
        "name": lsp.name,
        "url": lsp.website or str(settings.SITE_URL),
        "address": address,
    }
    if lsp.email:
        profile["email"] = lsp.email
    return profile


def identity_salt(certificate: Certificate) -> str:
    """The salt of the holder's NIK hash, the same on every export of the certificate."""
    return hashlib.sha256(f"ujikom-identity-salt|{certificate.public_id}".encode()).hexdigest()[:32]


def identity_hash(nik: str, salt: str) -> str:
    """OB 3.0 IdentityHash: "sha256$" + hex(sha256(identifier + salt))."""
    return "sha256$" + hashlib.sha256((nik + salt).encode("utf-8")).hexdigest()


def credential_id(certificate: Certificate) -> str:
    return _address(reverse("public:verify", args=[certificate.public_id]))


def achievement_id(lsp: Organization, scheme_code: str) -> str:
    return f"{issuer_url(lsp)}/skema/{quote(scheme_code, safe='')}"


# Control characters other than tab, line feed and carriage return: pyld writes them into N-Quads
# unescaped where RDFC-1.0 escapes them (\b, \f, \u0000…), so a credential holding one would
# canonicalize differently elsewhere. They are dropped from what is signed and refused when checked.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(value: Any) -> Any:
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, list):
        return [_without_controls(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_controls(item) for key, item in value.items()}
    return value


def unsigned_credential(certificate: Certificate) -> dict[str, Any]:
    """The OpenBadgeCredential of the certificate, without its proof (what the proof signs)."""
    return _without_controls(_credential_body(certificate))  # type: ignore[no-any-return]


def _credential_body(certificate: Certificate) -> dict[str, Any]:
    lsp = certificate.lsp
    issuer = _profile(lsp)
    achievement = achievement_id(lsp, certificate.scheme_code)
    salt = identity_salt(certificate)
    valid_from = _local(certificate.issued_on, dt.time(0, 0, 0))
    return {
        "@context": [VC_V2, OB_V3],
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Sertifikat Kompetensi {certificate.scheme_name}",
        "description": (
            f"Sertifikat kompetensi nomor {certificate.certificate_number} "
            f"(registrasi {certificate.registration_number}) diterbitkan oleh {lsp.name}."
        ),
        "issuer": issuer,
        "validFrom": valid_from,
        "validUntil": _local(certificate.valid_until, dt.time(23, 59, 59)),
        "awardedDate": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.holder_name,
                },
                {
                    "type": "IdentityObject",
                    "identityType": "nationalIdentityNumber",
                    "hashed": True,
                    "identityHash": identity_hash(certificate.holder_nik, salt),
                    "salt": salt,
                },
            ],
            "licenseNumber": certificate.certificate_number,
            "achievement": {
                "id": achievement,
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": certificate.scheme_name,
                "humanCode": certificate.scheme_code,
                "description": (
                    f"Skema sertifikasi {certificate.scheme_code} {certificate.scheme_name} "
                    f"oleh {lsp.name}, lembaga sertifikasi profesi berlisensi BNSP."
                ),
                "criteria": {
                    "narrative": (
                        "Asesi dinyatakan Kompeten (K) pada seluruh unit kompetensi skema ini dalam uji "
                        "kompetensi oleh asesor kompetensi teregistrasi di Tempat Uji Kompetensi, dan "
                        "ditetapkan dalam SK Penetapan LSP."
                    )
                },
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": unit.get("title", ""),
                        "targetCode": unit.get("code", ""),
                        "targetFramework": SKKNI,
                        "targetType": "ext:SKKNIUnit",
                        "targetUrl": f"{achievement}#{quote(str(unit.get('code', '')), safe='')}",
                    }
                    for unit in certificate.units
                ],
                "creator": issuer,
                "inLanguage": "id",
            },
        },
        "credentialStatus": statuslist.status_entries(lsp=lsp, index=certificate.status_index),
    }


def credential_for(
    certificate: Certificate, *, signer: Signer | None = None, created: dt.datetime | None = None
) -> dict[str, Any]:
    """The certificate's Open Badges 3.0 credential, signed with the LSP's active key.

    Kept in the cache while nothing it says changes (the certificate, its LSP, the key)."""
    signer = signer or signer_for(certificate.lsp)
    key = (
        "certificates:ob3:"
        + hashlib.sha256(
            "|".join(
                [
                    certificate.public_id,
                    certificate.updated_at.isoformat() if certificate.updated_at else "",
                    certificate.lsp.updated_at.isoformat() if certificate.lsp.updated_at else "",
                    signer.kid,
                    str(settings.SITE_URL),
                ]
            ).encode()
        ).hexdigest()
    )
    if created is None:
        cached = cache.get(key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
    signed = sign(unsigned_credential(certificate), signer=signer, created=created)
    if created is None:
        cache.set(key, signed, CACHE_SECONDS)
    return signed


# ---- the proof ---------------------------------------------------------------------------------


class DroppedTerm(ValueError):
    """A property the contexts do not define: it would not be signed, so the document is refused."""


def canonical(document: dict[str, Any]) -> bytes:
    """RDFC-1.0 N-Quads of the document, with the pinned contexts; an undefined term is an error."""

    def refuse(name: str | None) -> None:
        raise DroppedTerm(name or "")

    options: dict[str, Any] = {"documentLoader": document_loader, "base": None}
    expanded = jsonld.expand(document, options, on_property_dropped=refuse)  # type: ignore[arg-type]
    nquads = jsonld.normalize(
        expanded,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
    )
    return str(nquads).encode("utf-8")


def _hash_data(document: dict[str, Any], proof: dict[str, Any]) -> bytes:
    config = {"@context": document["@context"], **{k: v for k, v in proof.items() if k != "proofValue"}}
    body = {name: value for name, value in document.items() if name != "proof"}
    return hashlib.sha256(canonical(config)).digest() + hashlib.sha256(canonical(body)).digest()


def sign(document: dict[str, Any], *, signer: Signer, created: dt.datetime | None = None) -> dict[str, Any]:
    """The document with an `eddsa-rdfc-2022` DataIntegrityProof by `signer` (assertionMethod)."""
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _timestamp(created or timezone.now()),
        "verificationMethod": verification_method_id(signer.record),
        "proofPurpose": "assertionMethod",
    }
    proof["proofValue"] = "z" + base58btc(signer.sign(_hash_data(document, proof)))
    return {**document, "proof": proof}


@dataclass
class CredentialCheck:
    """What `verify_credential` found: `verified` only when a proof of a key of the issuing LSP,
    valid when the proof was made, holds over the whole document."""

    verified: bool
    reason: str = ""
    issuer: str = ""
    lsp: Organization | None = None
    kid: str = ""
    verification_method: str = ""
    created: str = ""
    credential_id: str = ""
    public_id: str | None = None
    problems: list[str] = field(default_factory=list)


def _lsp_of_issuer(issuer: str) -> Organization | None:
    prefix = _address("/lsp/")
    if not issuer.startswith(prefix) or not issuer.endswith("/issuer"):
        return None
    code = issuer[len(prefix) : -len("/issuer")]
    lsp = Organization.objects.filter(code=code, kind=Organization.Kind.LSP).first() if code else None
    return lsp if lsp is not None and issuer_url(lsp) == issuer else None


def _key_of(lsp: Organization, multikey: str) -> SigningKey | None:
    raw = base58btc_decode(multikey[1:]) if multikey.startswith("z") else b""
    if len(raw) != 34 or not raw.startswith(ED25519_MULTICODEC):
        return None
    for record in SigningKey.objects.filter(lsp=lsp):
        if b64url_decode(record.public_key) == raw[2:]:
            return record
    return None


def _public_id_of(credential: str) -> str | None:
    prefix = _address("/v/")
    return credential[len(prefix) :] if credential.startswith(prefix) else None


MAX_DEPTH = 12
MAX_OBJECTS = 400


def _shape_problem(document: Any) -> str:
    """Why the document is refused before any JSON-LD work (too deep, too big, a context that is
    not pinned — which also rules out inline contexts), or "" when it may be processed."""
    objects = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return _("Kredensial terlalu dalam bersarang (lebih dari %(n)s tingkat).") % {"n": MAX_DEPTH}
        if isinstance(value, str) and CONTROL.search(value):
            return _("Kredensial berisi karakter kendali yang tidak didukung.")
        if isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, dict):
            objects += 1
            if objects > MAX_OBJECTS:
                return _("Kredensial terlalu besar (lebih dari %(n)s objek).") % {"n": MAX_OBJECTS}
            if "@context" in value:
                contexts = value["@context"]
                for item in contexts if isinstance(contexts, list) else [contexts]:
                    if not isinstance(item, str) or item not in PINNED:
                        return _(
                            "Konteks JSON-LD %(context)s tidak dikenal; hanya konteks VC 2.0 dan Open Badges 3.0 yang dipatok yang diterima."
                        ) % {"context": item if isinstance(item, str) else _("sisipan")}
            stack.extend((item, depth + 1) for key, item in value.items() if key != "@context")
    return ""


def _check(document: Any) -> CredentialCheck:
    if not isinstance(document, dict):
        return CredentialCheck(False, _("Kredensial harus berupa objek JSON."))
    problem = _shape_problem(document)
    if problem:
        return CredentialCheck(False, problem)
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        return CredentialCheck(False, _("Kredensial tidak memiliki satu `proof`."))
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    check = CredentialCheck(
        False,
        issuer=issuer_id if isinstance(issuer_id, str) else "",
        verification_method=str(proof.get("verificationMethod") or ""),
        created=str(proof.get("created") or ""),
        credential_id=str(document.get("id") or ""),
    )
    check.public_id = _public_id_of(check.credential_id)
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        check.reason = _("Bukti bukan DataIntegrityProof dengan cryptosuite eddsa-rdfc-2022.")
        return check
    if proof.get("proofPurpose") != "assertionMethod":
        check.reason = _("Tujuan bukti (proofPurpose) harus assertionMethod.")
        return check
    controller, _sep, multikey = check.verification_method.partition("#")
    if not check.issuer or controller != check.issuer:
        check.reason = _("Metode verifikasi bukan milik penerbit kredensial.")
        return check
    lsp = _lsp_of_issuer(check.issuer)
    if lsp is None:
        check.reason = _("Penerbit %(issuer)s bukan LSP di sistem ini.") % {"issuer": check.issuer}
        return check
    check.lsp = lsp
    record = _key_of(lsp, multikey)
    if record is None:
        check.reason = _("Kunci %(key)s tidak dikenal sebagai kunci LSP.") % {"key": multikey or "-"}
        return check
    check.kid = record.kid
    created = parse_datetime(check.created) if check.created else None
    if created is None or created.tzinfo is None:
        check.reason = _("Waktu pembuatan bukti (created) tidak sah.")
        return check
    if record.compromised_at is not None:
        # A leaked key can sign with any `created`: none of its proofs is trusted (as the controller
        # document says with `revoked`); the holder downloads the credential again.
        check.reason = _(
            "Kunci %(kid)s dinyatakan bocor; unduh ulang kredensial yang ditandatangani kunci baru."
        ) % {"kid": record.kid}
        return check
    # `created` has whole seconds: a proof made in the second the key began counts as inside it.
    if created < record.not_before.replace(microsecond=0) or not key_was_valid(
        record, max(created, record.not_before)
    ):
        check.reason = _("Kunci %(kid)s tidak berlaku pada waktu bukti dibuat.") % {"kid": record.kid}
        return check
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        check.reason = _("Nilai bukti (proofValue) harus multibase base58btc (awalan z).")
        return check
    try:
        signature = base58btc_decode(value[1:])
        data = _hash_data({**document, "proof": proof}, proof)
    except DroppedTerm as error:
        check.reason = _(
            "Properti %(name)s tidak didefinisikan konteks JSON-LD, jadi tidak ditandatangani."
        ) % {"name": str(error) or "?"}
        return check
    try:
        public_key_of(record).verify(signature, data)
    except InvalidSignature:
        check.reason = _("Tanda tangan tidak cocok: isi kredensial berubah atau bukan ditandatangani LSP.")
        return check
    check.verified = True
    check.reason = _("Tanda tangan LSP sah (kunci %(kid)s).") % {"kid": record.kid}
    return check


def _cause(error: BaseException) -> BaseException:
    seen = 0
    while error.__cause__ is not None and seen < 10:
        error, seen = error.__cause__, seen + 1
        if isinstance(error, ContextUnavailable | DroppedTerm):
            break
    return error


def verify_credential(document: Any) -> CredentialCheck:
    """Check an Open Badges / VC 2.0 credential's eddsa-rdfc-2022 proof offline; never raises."""
    try:
        return _check(document)
    except Exception as error:  # noqa: BLE001 — bad input of any shape is an answer, not a crash
        cause = _cause(error)
        if isinstance(cause, ContextUnavailable):
            reason = str(cause)
        elif isinstance(cause, DroppedTerm):
            reason = _(
                "Properti %(name)s tidak didefinisikan konteks JSON-LD, jadi tidak ditandatangani."
            ) % {"name": str(cause) or "?"}
        else:
            reason = _("Kredensial tidak dapat diproses sebagai JSON-LD: %(error)s") % {"error": cause}
        return CredentialCheck(False, reason)


# ---- the status lists as VC 2.0 credentials -----------------------------------------------------


def status_list_credential(status_list: StatusList) -> dict[str, Any]:
    """The list as a BitstringStatusListCredential with an eddsa-rdfc-2022 proof by the LSP's active
    key; the same bytes for the same list version and key (kept in the cache)."""
    lsp = status_list.lsp
    signer = signer_for(lsp)
    key = f"certificates:ob3-status:{lsp.pk}:{status_list.purpose}:{status_list.version}:{signer.kid}"
    key += ":" + hashlib.sha256(f"{status_list.updated_at}|{settings.SITE_URL}".encode()).hexdigest()[:16]
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    address = _address(reverse("public:status_list_vc", args=[lsp.code, status_list.purpose]))
    changed = status_list.updated_at or timezone.now()
    document = {
        "@context": [VC_V2],
        "id": address,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(lsp),
        "validFrom": _timestamp(changed),
        "credentialSubject": {
            "id": f"{address}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": status_list.encoded_list,
        },
    }
    # A list unchanged since before the key's rotation is signed when the new key began.
    signed = sign(document, signer=signer, created=max(changed, signer.record.not_before))
    cache.set(key, signed, CACHE_SECONDS)
    return signed


# ---- who may export ----------------------------------------------------------------------------


def certificate_for_export(user: User, public_id: str) -> Certificate:
    """A certificate whose credential the user may download: its holder, or the LSP's staff with
    `certificates.view` (outsider 404, member without the permission 403)."""
    from .selectors_issuance import VIEW, authorize_lsp, certificate_by_id

    certificate = certificate_by_id(public_id)
    if certificate is None:
        raise Http404(_("Sertifikat tidak ditemukan."))
    if certificate.holder_id is None or certificate.holder_id != user.pk:
        authorize_lsp(user, certificate.lsp, VIEW)
    return certificate


def download_name(certificate: Certificate) -> str:
    """`<certificate number>.json`, with anything but letters, digits, dot and dash made a dash."""
    safe = "".join(
        char if char.isascii() and (char.isalnum() or char in ".-") else "-"
        for char in certificate.certificate_number
    )
    return f"{safe.strip('-') or certificate.public_id}.json"


# ---- a submitted credential against the record -------------------------------------------------


def credential_report(document: Any) -> dict[str, Any]:
    """A submitted credential checked offline (proof, key) and against the LSP's record now: the
    certificate it names, whether it says what the record says, the certificate's live status."""
    from .selectors_verification import certificate_by_public_id, effective_status
    from .services_status import reason_label

    check = verify_credential(document)
    answer: dict[str, Any] = {
        "verified": check.verified,
        "reason": check.reason,
        "issuer": check.issuer,
        "lsp": {"code": check.lsp.code, "name": check.lsp.name} if check.lsp else None,
        "kid": check.kid,
        "verification_method": check.verification_method,
        "created": check.created,
        "record_found": False,
        "matches_record": False,
        "status": None,
        "status_label": None,
        "status_reason": None,
        "public_id": None,
        "checked_at": timezone.now(),
    }
    if not check.verified:
        return answer
    certificate = certificate_by_public_id(check.public_id or "")
    if certificate is None or certificate.lsp_id != (check.lsp.pk if check.lsp else None):
        answer["reason"] = _("Kredensial asli, tetapi sertifikatnya tidak ditemukan di LSP.")
        return answer
    status = effective_status(certificate, timezone.localdate())
    body = {name: value for name, value in document.items() if name != "proof"}
    answer.update(
        record_found=True,
        matches_record=body == unsigned_credential(certificate),
        status=status,
        status_label=str(Certificate.Status(status).label),
        status_reason=reason_label(status, certificate.status_reason) if certificate.status_reason else "",
        public_id=certificate.public_id,
    )
    if not answer["matches_record"]:
        answer["reason"] = _(
            "Kredensial asli, tetapi isinya tidak sama dengan data sertifikat yang tercatat."
        )
    return answer
