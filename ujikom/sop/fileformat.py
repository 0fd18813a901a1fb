"""The SOP definition file (`format: sop/v1`): read from YAML with every error located, written back.

`load_definition` returns a `SopDefinition` or raises `SopFileError` listing every error in
the file, each at a path with 0-based list indices (`steps[3].time`) and with an Indonesian
message; it never returns a part of an invalid file. `dump_definition` writes the canonical
form (DESIGN.md key order, empty optional fields left out), so that
`load_definition(dump_definition(d)) == d`.

Files are read as YAML 1.2 (core schema): only true/false are booleans (`yes`, `no`, `on`,
`off` are text), `010` is ten, and dates are not resolved by the parser but read as text and
checked here, so `2017-02-30` is an error at its field rather than a crash. The file is
composed to nodes and walked by hand, which finds duplicate keys at their path, refuses
YAML tags the format has no use for, and bounds what aliases may expand to.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml
from django.utils import formats
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ujikom.core.calendar import parse_duration

from .actions import get_action
from .definition import FORMAT, Activity, Actor, Approver, Branch, SopDefinition, Step, Term

__all__ = [
    "MAX_FILE_BYTES",
    "SopError",
    "SopFileError",
    "definition_to_data",
    "dump_definition",
    "format_path",
    "load_definition",
    "validate_definition",
    "validate_text",
]

MAX_FILE_BYTES = 1_000_000
# A walk visiting more nodes than this is an alias bomb, not an SOP.
MAX_NODES = 200_000

TOP_KEYS = (
    "format",
    "code",
    "name",
    "organization",
    "unit",
    "created",
    "revised",
    "effective",
    "approved_by",
    "scope",
    "summary",
    "definitions",
    "provisions",
    "legal_basis",
    "qualifications",
    "related",
    "equipment",
    "warning",
    "recording",
    "actors",
    "steps",
)
APPROVER_KEYS = ("title", "name", "nip")
TERM_KEYS = ("term", "meaning")
ACTOR_KEYS = ("key", "name")
STEP_KEYS = ("number", "activities", "inputs", "time", "outputs", "note", "kind", "next", "action")
ACTIVITY_KEYS = ("actor", "text")
BRANCH_KEYS = ("to", "label")
STEP_KINDS = ("process", "decision")

# The lengths of the columns the library stores these in (ujikom/sop/models.py).
MAX_LENGTHS = {
    "code": 100,
    "name": 255,
    "organization": 255,
    "unit": 255,
    "approver_title": 255,
    "approver_name": 255,
    "nip": 60,
    "actor_key": 50,
    "actor_name": 200,
    "time": 50,
    "action": 100,
    "label": 50,
}

ACTOR_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

PathPart = str | int
KeyPath = tuple[PathPart, ...]
Located = tuple[KeyPath, str, int | None]  # path, message, line when it differs from the path's own


def format_path(path: Iterable[PathPart]) -> str:
    """`("steps", 3, "time")` → `steps[3].time`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class SopError:
    """One error in an SOP file: where (`steps[3].time`, empty for the whole file) and what."""

    path: str
    message: str
    line: int | None = None  # 1-based line of the file where the path begins, when known

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class SopFileError(ValueError):
    """An SOP file that cannot be loaded; `errors` lists every error found in it."""

    def __init__(self, errors: list[SopError], *, source: str = "") -> None:
        self.errors = list(errors)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


# YAML 1.2 --------------------------------------------------------------------------------------

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

_NULL_PATTERN = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_PATTERN = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_PATTERN = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_PATTERN = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_CORE_RESOLVERS: list[tuple[str, re.Pattern[str], list[str]]] = [
    (NULL_TAG, _NULL_PATTERN, ["~", "n", "N", ""]),
    (BOOL_TAG, _BOOL_PATTERN, list("tTfF")),
    (INT_TAG, _INT_PATTERN, list("-+0123456789")),
    (FLOAT_TAG, _FLOAT_PATTERN, list("-+0123456789.")),
]


class _Loader(yaml.SafeLoader):
    """Composes nodes with the YAML 1.2 core schema: no yes/no booleans, no timestamps, no merge keys."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


for _tag, _pattern, _first in _CORE_RESOLVERS:
    _Loader.add_implicit_resolver(_tag, _pattern, _first)


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


# A key left out of a mapping.
MISSING: Any = _Sentinel("missing")
# A value the node walk already reported as wrong; the checks after it pass over it silently.
INVALID: Any = _Sentinel("invalid")


def _decode(text: str | bytes) -> tuple[str | None, SopError | None]:
    if isinstance(text, str):
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > MAX_FILE_BYTES:
            return None, _too_big(size)
        return text.removeprefix("\ufeff"), None
    if len(text) > MAX_FILE_BYTES:
        return None, _too_big(len(text))
    try:
        return text.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as error:
        line = text.count(b"\n", 0, error.start) + 1
        return None, SopError(
            "",
            _(
                "Berkas bukan teks UTF-8: bita tidak sah pada baris %(line)s (posisi %(position)s). "
                "Simpan ulang berkas sebagai UTF-8."
            )
            % {"line": line, "position": error.start + 1},
            line,
        )


def _too_big(size: int) -> SopError:
    return SopError(
        "",
        _("Berkas terlalu besar: %(size)s bita, paling besar %(limit)s bita.")
        % {
            "size": formats.number_format(size, force_grouping=True),
            "limit": formats.number_format(MAX_FILE_BYTES, force_grouping=True),
        },
    )


def _syntax_error(error: yaml.YAMLError, text: str) -> SopError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or getattr(error, "context", None) or str(error)
    context_mark = getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
        problem = _explain_problem(str(problem))
        if context_mark is not None and context_mark.line != mark.line:
            problem = _("%(problem)s (bagian yang dimulai pada baris %(line)s)") % {
                "problem": problem,
                "line": context_mark.line + 1,
            }
    elif isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        character = error.character
        code = f"U+{ord(character) if isinstance(character, str) else character:04X}"
        problem = _("karakter %(code)s tidak boleh ada dalam berkas YAML") % {"code": code}
    else:
        return SopError("", _("YAML tidak valid: %(problem)s") % {"problem": problem})
    return SopError(
        "",
        _("YAML tidak valid pada baris %(line)s, kolom %(column)s: %(problem)s")
        % {"line": line, "column": column, "problem": problem},
        line,
    )


class _Walker:
    """Turns composed nodes into plain values, recording each path's line and every node-level error."""

    def __init__(self) -> None:
        self.lines: dict[KeyPath, int] = {}
        self.errors: list[Located] = []
        self.open_nodes: set[int] = set()
        self.visited = 0
        self.too_many = False

    def value(self, node: Node, path: KeyPath) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            if not self.too_many:
                self.too_many = True
                self.errors.append(
                    (
                        (),
                        _("Berkas terlalu besar setelah alias diuraikan; hindari alias (*nama) berulang."),
                        None,
                    )
                )
            return INVALID
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.open_nodes:
            self.errors.append((path, _("alias menunjuk ke dirinya sendiri"), None))
            return INVALID
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, SequenceNode) and node.tag == SEQ_TAG:
                return [self.value(child, (*path, index)) for index, child in enumerate(node.value)]
            if isinstance(node, MappingNode) and node.tag == MAP_TAG:
                return self.mapping(node, path)
            return self.unsupported_tag(node, path)
        finally:
            self.open_nodes.discard(id(node))

    def mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.errors.append((path, _("kunci harus berupa teks"), key_node.start_mark.line + 1))
                continue
            key = key_node.value.strip()
            key_path = (*path, key)
            line = key_node.start_mark.line + 1
            if key in result:
                self.errors.append(
                    (
                        key_path,
                        _("kolom ditulis dua kali (baris %(first)s dan %(second)s)")
                        % {"first": first_lines[key], "second": line},
                        line,
                    )
                )
                continue
            first_lines[key] = line
            self.lines[key_path] = line
            result[key] = self.value(value_node, key_path)
        return result

    def scalar(self, node: ScalarNode, path: KeyPath) -> Any:
        tag, text = node.tag, node.value
        if tag in (STR_TAG, TIMESTAMP_TAG):
            return text
        if tag == NULL_TAG:
            return None
        if tag == BOOL_TAG and _BOOL_PATTERN.match(text):
            return text.lower() == "true"
        if tag == INT_TAG and _INT_PATTERN.match(text):
            if text.startswith("0o"):
                return int(text[2:], 8)
            if text.startswith("0x"):
                return int(text[2:], 16)
            return int(text, 10)
        if tag == FLOAT_TAG and _FLOAT_PATTERN.match(text):
            lowered = text.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered == ".nan":
                return float("nan")
            return float(text)
        if tag in (BOOL_TAG, INT_TAG, FLOAT_TAG):
            self.errors.append(
                (
                    path,
                    _('nilai "%(value)s" tidak sesuai dengan tag %(tag)s')
                    % {"value": text, "tag": _short_tag(tag)},
                    None,
                )
            )
            return INVALID
        return self.unsupported_tag(node, path)

    def unsupported_tag(self, node: Node, path: KeyPath) -> Any:
        self.errors.append((path, _("tag YAML %(tag)s tidak didukung") % {"tag": _short_tag(node.tag)}, None))
        return INVALID


def _explain_problem(problem: str) -> str:
    """PyYAML's most frequent complaints in Indonesian; others are passed on as they are."""
    explanations = (
        (
            "mapping values are not allowed here",
            _('tanda ":" tidak boleh di sini; apit teks yang memuat ": " dengan tanda kutip'),
        ),
        ("could not find expected ':'", _('tanda ":" sesudah nama kolom tidak ditemukan')),
        (
            "that cannot start any token",
            _("karakter ini tidak boleh mengawali nilai; tab tidak boleh untuk indentasi"),
        ),
        ("expected <block end>", _("indentasi tidak sesuai dengan baris sebelumnya")),
        ("found another document", _("berkas hanya boleh berisi satu dokumen YAML")),
        ("found unexpected end of stream", _("berkas berakhir sebelum tanda kutip ditutup")),
        ("found undefined alias", _("alias (*nama) tanpa anchor (&nama)")),
        ("expected ',' or ']'", _('daftar [ ... ] belum ditutup dengan "]"')),
        ("expected ',' or '}'", _('pemetaan { ... } belum ditutup dengan "}"')),
    )
    for english, indonesian in explanations:
        if english in problem:
            return str(indonesian)
    return problem


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


# The schema ------------------------------------------------------------------------------------


class Need(Enum):
    REQUIRED = "required"  # present and not blank
    PRESENT = "present"  # the key must be written; an empty value is fine
    OPTIONAL = "optional"  # may be left out, null or blank


def _type_name(value: Any) -> str:
    if value is None:
        return _("kosong")
    if isinstance(value, bool):
        return _("nilai benar/salah (true/false)")
    if isinstance(value, int):
        return _("bilangan bulat")
    if isinstance(value, float):
        return _("bilangan pecahan")
    if isinstance(value, str):
        return _("teks")
    if isinstance(value, list):
        return _("daftar")
    if isinstance(value, dict):
        return _("pemetaan (kolom: nilai)")
    return type(value).__name__  # pragma: no cover - the walker makes only the types above


class _Schema:
    """Reads the plain values of a file into a SopDefinition, collecting every error on the way."""

    def __init__(self) -> None:
        self.errors: list[Located] = []

    def error(self, path: KeyPath, message: str) -> None:
        self.errors.append((path, message, None))

    def wrong_type(self, path: KeyPath, expected: str, value: Any) -> None:
        message = _("harus berupa %(expected)s, bukan %(actual)s") % {
            "expected": expected,
            "actual": _type_name(value),
        }
        if expected == _("teks") and isinstance(value, int | float) and not isinstance(value, bool):
            message += _(' (apit dengan tanda kutip bila maksudnya teks: "%(value)s")') % {"value": value}
        self.error(path, message)

    # Shapes ----------------------------------------------------------------------------------

    def fields(self, value: Any, path: KeyPath, known: tuple[str, ...]) -> dict[str, Any] | None:
        """The mapping at `path` with its unknown keys reported; None (reported) when not a mapping."""
        if value is INVALID:
            return None
        if not isinstance(value, dict):
            self.wrong_type(path, _("pemetaan (kolom: nilai)"), value)
            return None
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
                if close:
                    self.error(
                        (*path, key),
                        _('kolom tidak dikenal; maksudnya "%(key)s"?') % {"key": close[0]},
                    )
                else:
                    self.error((*path, key), _("kolom tidak dikenal"))
        return value

    def items(self, data: Mapping[str, Any], key: str, path: KeyPath, need: Need) -> list[Any] | None:
        """The list under `key` (None when absent or null, reported when required)."""
        value = data.get(key, MISSING)
        here = (*path, key)
        if value is INVALID:
            return None
        if value is MISSING or value is None:
            if need is Need.REQUIRED:
                self.error(here, _("wajib diisi"))
            elif need is Need.PRESENT and value is MISSING:
                self.error(here, _("wajib ada; tulis [] bila tidak ada isinya"))
            return None
        if not isinstance(value, list):
            self.wrong_type(here, _("daftar"), value)
            return None
        return value

    def text(
        self, data: Mapping[str, Any], key: str, path: KeyPath, need: Need, max_length: int | None = None
    ) -> str:
        value = data.get(key, MISSING)
        here = (*path, key)
        if value is INVALID:
            return ""
        if value is MISSING or value is None:
            if need is Need.REQUIRED:
                self.error(here, _("wajib diisi"))
            elif need is Need.PRESENT and value is MISSING:
                self.error(here, _('wajib ada; tulis "" bila tidak ada isinya'))
            return ""
        return self.text_value(value, here, need, max_length)

    def text_value(self, value: Any, path: KeyPath, need: Need, max_length: int | None = None) -> str:
        if value is INVALID:
            return ""
        if not isinstance(value, str):
            self.wrong_type(path, _("teks"), value)
            return ""
        text = value.strip()
        if not text and need is Need.REQUIRED:
            self.error(path, _("wajib diisi"))
        elif max_length is not None and len(text) > max_length:
            self.error(
                path,
                _("terlalu panjang: %(length)s karakter, paling banyak %(limit)s")
                % {"length": len(text), "limit": max_length},
            )
        return text

    def text_list(self, data: Mapping[str, Any], key: str, path: KeyPath, need: Need) -> tuple[str, ...]:
        values = self.items(data, key, path, need)
        if values is None:
            return ()
        return tuple(
            self.text_value(item, (*path, key, index), Need.REQUIRED) for index, item in enumerate(values)
        )

    def date(self, data: Mapping[str, Any], key: str, path: KeyPath, need: Need) -> dt.date | None:
        value = data.get(key, MISSING)
        here = (*path, key)
        if value is INVALID:
            return None
        if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
            if need is Need.REQUIRED:
                self.error(here, _("wajib diisi"))
            return None
        if not isinstance(value, str):
            self.wrong_type(here, _("tanggal TTTT-BB-HH"), value)
            return None
        text = value.strip()
        match = DATE_PATTERN.match(text)
        if not match:
            self.error(
                here,
                _('tanggal "%(value)s" harus ditulis TTTT-BB-HH, mis. 2017-02-14') % {"value": text},
            )
            return None
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            self.error(here, _('tanggal "%(value)s" tidak ada di kalender') % {"value": text})
            return None

    def integer(self, data: Mapping[str, Any], key: str, path: KeyPath, minimum: int) -> int | None:
        value = data.get(key, MISSING)
        here = (*path, key)
        if value is INVALID:
            return None
        if value is MISSING or value is None:
            self.error(here, _("wajib diisi"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(here, _("bilangan bulat"), value)
            return None
        if value < minimum:
            self.error(here, _("harus bilangan bulat %(minimum)s atau lebih") % {"minimum": minimum})
            return None
        return value

    # The file --------------------------------------------------------------------------------

    def definition(self, root: Any) -> SopDefinition | None:
        if root is None:
            self.error((), _("Berkas kosong: tidak ada definisi SOP di dalamnya."))
            return None
        if root is INVALID:
            return None
        if not isinstance(root, dict):
            self.error(
                (),
                _(
                    "Isi berkas harus berupa pemetaan (kolom: nilai) yang diawali format: %(format)s, bukan %(actual)s."
                )
                % {"format": FORMAT, "actual": _type_name(root)},
            )
            return None
        data = self.fields(root, (), TOP_KEYS)
        if data is None:
            return None
        self.check_format(data)
        code = self.text(data, "code", (), Need.REQUIRED, MAX_LENGTHS["code"])
        name = self.text(data, "name", (), Need.REQUIRED, MAX_LENGTHS["name"])
        organization = self.text(data, "organization", (), Need.REQUIRED, MAX_LENGTHS["organization"])
        unit = self.text(data, "unit", (), Need.OPTIONAL, MAX_LENGTHS["unit"])
        created = self.date(data, "created", (), Need.REQUIRED)
        revised = self.date(data, "revised", (), Need.OPTIONAL)
        effective = self.date(data, "effective", (), Need.REQUIRED)
        approved_by = self.approver(data)
        scope = self.text(data, "scope", (), Need.OPTIONAL)
        summary = self.text(data, "summary", (), Need.OPTIONAL)
        definitions = self.terms(data)
        provisions = self.text_list(data, "provisions", (), Need.OPTIONAL)
        legal_basis = self.text_list(data, "legal_basis", (), Need.PRESENT)
        qualifications = self.text_list(data, "qualifications", (), Need.PRESENT)
        related = self.text_list(data, "related", (), Need.OPTIONAL)
        equipment = self.text_list(data, "equipment", (), Need.PRESENT)
        warning = self.text(data, "warning", (), Need.PRESENT)
        recording = self.text(data, "recording", (), Need.PRESENT)
        actors, actor_keys = self.actors(data)
        steps = self.steps(data, actor_keys)
        if self.errors or created is None or effective is None or approved_by is None:
            return None
        return SopDefinition(
            code=code,
            name=name,
            organization=organization,
            unit=unit,
            created=created,
            revised=revised,
            effective=effective,
            approved_by=approved_by,
            scope=scope,
            summary=summary,
            definitions=definitions,
            provisions=provisions,
            legal_basis=legal_basis,
            qualifications=qualifications,
            related=related,
            equipment=equipment,
            warning=warning,
            recording=recording,
            actors=actors,
            steps=steps,
        )

    def check_format(self, data: Mapping[str, Any]) -> None:
        value = data.get("format", MISSING)
        if value is INVALID:
            return
        if value is MISSING or value is None:
            self.error(
                ("format",), _("wajib diisi: tulis format: %(format)s di awal berkas") % {"format": FORMAT}
            )
        elif not isinstance(value, str):
            self.wrong_type(("format",), _("teks"), value)
        elif value.strip() != FORMAT:
            self.error(
                ("format",),
                _('format "%(value)s" tidak dikenal; yang dikenal: %(format)s')
                % {"value": value.strip(), "format": FORMAT},
            )

    def approver(self, data: Mapping[str, Any]) -> Approver | None:
        value = data.get("approved_by", MISSING)
        if value is MISSING or value is None:
            self.error(
                ("approved_by",), _("wajib diisi: jabatan (title), nama (name) dan NIP (nip) pengesah")
            )
            return None
        fields = self.fields(value, ("approved_by",), APPROVER_KEYS)
        if fields is None:
            return None
        path: KeyPath = ("approved_by",)
        return Approver(
            title=self.text(fields, "title", path, Need.REQUIRED, MAX_LENGTHS["approver_title"]),
            name=self.text(fields, "name", path, Need.REQUIRED, MAX_LENGTHS["approver_name"]),
            nip=self.text(fields, "nip", path, Need.OPTIONAL, MAX_LENGTHS["nip"]),
        )

    def terms(self, data: Mapping[str, Any]) -> tuple[Term, ...]:
        values = self.items(data, "definitions", (), Need.OPTIONAL)
        terms: list[Term] = []
        for index, value in enumerate(values or ()):
            path: KeyPath = ("definitions", index)
            fields = self.fields(value, path, TERM_KEYS)
            if fields is not None:
                terms.append(
                    Term(
                        term=self.text(fields, "term", path, Need.REQUIRED),
                        meaning=self.text(fields, "meaning", path, Need.REQUIRED),
                    )
                )
        return tuple(terms)

    def actors(self, data: Mapping[str, Any]) -> tuple[tuple[Actor, ...], set[str] | None]:
        """The actors and their keys; the keys are None when the list itself is unusable."""
        values = self.items(data, "actors", (), Need.REQUIRED)
        if values is None:
            return (), None
        if not values:
            self.error(("actors",), _("paling sedikit satu pelaksana"))
        actors: list[Actor] = []
        seen: dict[str, int] = {}
        for index, value in enumerate(values):
            path: KeyPath = ("actors", index)
            fields = self.fields(value, path, ACTOR_KEYS)
            if fields is None:
                continue
            key = self.text(fields, "key", path, Need.REQUIRED, MAX_LENGTHS["actor_key"])
            name = self.text(fields, "name", path, Need.REQUIRED, MAX_LENGTHS["actor_name"])
            if key and not ACTOR_KEY_PATTERN.match(key):
                self.error(
                    (*path, "key"),
                    _(
                        'kode pelaksana "%(key)s" hanya boleh berisi huruf kecil, angka, _ dan -, '
                        "mis. kepala_tuk"
                    )
                    % {"key": key},
                )
            elif key in seen:
                self.error(
                    (*path, "key"),
                    _('kode pelaksana "%(key)s" sudah dipakai di actors[%(index)s]')
                    % {"key": key, "index": seen[key]},
                )
            elif key:
                seen[key] = index
            actors.append(Actor(key=key, name=name))
        return tuple(actors), set(seen)

    def steps(self, data: Mapping[str, Any], actor_keys: set[str] | None) -> tuple[Step, ...]:
        values = self.items(data, "steps", (), Need.REQUIRED)
        if values is None:
            return ()
        if not values:
            self.error(("steps",), _("paling sedikit satu langkah"))
            return ()
        parsed: list[tuple[int | None, Step, list[int | None] | None]] = []
        for index, value in enumerate(values):
            path: KeyPath = ("steps", index)
            fields = self.fields(value, path, STEP_KEYS)
            if fields is None:
                parsed.append((None, Step(number=0, activities=()), None))
                continue
            parsed.append(self.step(fields, path, actor_keys))
        self.check_graph(parsed)
        return tuple(step for _number, step, _targets in parsed)

    def step(
        self, fields: Mapping[str, Any], path: KeyPath, actor_keys: set[str] | None
    ) -> tuple[int | None, Step, list[int | None] | None]:
        number = self.integer(fields, "number", path, minimum=1)
        activities = self.activities(fields, path, actor_keys)
        inputs = self.text_list(fields, "inputs", path, Need.OPTIONAL)
        time = self.text(fields, "time", path, Need.OPTIONAL, MAX_LENGTHS["time"])
        if time:
            try:
                parse_duration(time)
            except ValueError as error:
                self.error((*path, "time"), str(error))
        outputs = self.text_list(fields, "outputs", path, Need.OPTIONAL)
        note = self.text(fields, "note", path, Need.OPTIONAL)
        kind = self.text(fields, "kind", path, Need.OPTIONAL) or "process"
        if kind not in STEP_KINDS:
            self.error(
                (*path, "kind"),
                _('jenis langkah "%(kind)s" tidak dikenal; tulis process atau decision') % {"kind": kind},
            )
            kind = "process"
        branches, targets = self.branches(fields, path)
        action = self.text(fields, "action", path, Need.OPTIONAL, MAX_LENGTHS["action"])
        if action and get_action(action) is None:
            self.error((*path, "action"), _('aksi tidak dikenal "%(action)s"') % {"action": action})
        step = Step(
            number=number or 0,
            activities=activities,
            inputs=inputs,
            time=time or None,
            outputs=outputs,
            note=note,
            kind="decision" if kind == "decision" else "process",
            next=branches,
            action=action or None,
        )
        self.check_kind(step, path, branches_usable=targets is not None)
        return number, step, targets

    def activities(
        self, fields: Mapping[str, Any], path: KeyPath, actor_keys: set[str] | None
    ) -> tuple[Activity, ...]:
        values = self.items(fields, "activities", path, Need.REQUIRED)
        if values is None:
            return ()
        if not values:
            self.error((*path, "activities"), _("paling sedikit satu kegiatan"))
        activities: list[Activity] = []
        for index, value in enumerate(values):
            here: KeyPath = (*path, "activities", index)
            item = self.fields(value, here, ACTIVITY_KEYS)
            if item is None:
                continue
            actor = self.text(item, "actor", here, Need.REQUIRED)
            text = self.text(item, "text", here, Need.REQUIRED)
            if actor and actor_keys is not None and actor not in actor_keys:
                self.error(
                    (*here, "actor"),
                    _('pelaksana "%(actor)s" tidak dikenal; yang ada: %(known)s')
                    % {"actor": actor, "known": ", ".join(sorted(actor_keys)) or "-"},
                )
            activities.append(Activity(actor=actor, text=text))
        return tuple(activities)

    def branches(
        self, fields: Mapping[str, Any], path: KeyPath
    ) -> tuple[tuple[Branch, ...] | None, list[int | None] | None]:
        """The explicit branches (None: the following step) and their raw targets (None: unusable)."""
        values = self.items(fields, "next", path, Need.OPTIONAL)
        if values is None:
            usable = fields.get("next") in (None, MISSING)
            return None, ([] if usable else None)
        branches: list[Branch] = []
        targets: list[int | None] = []
        for index, value in enumerate(values):
            here: KeyPath = (*path, "next", index)
            item = self.fields(value, here, BRANCH_KEYS)
            if item is None:
                targets.append(None)
                continue
            target = self.integer(item, "to", here, minimum=1)
            label = self.text(item, "label", here, Need.OPTIONAL, MAX_LENGTHS["label"])
            targets.append(target)
            branches.append(Branch(to=target or 0, label=label))
        return tuple(branches), targets

    def check_kind(self, step: Step, path: KeyPath, *, branches_usable: bool) -> None:
        branches = step.next
        if step.kind == "decision":
            if len(step.activities) > 1:
                self.error(
                    (*path, "activities"),
                    _("langkah keputusan diputuskan oleh satu pelaksana: tulis tepat satu kegiatan"),
                )
            if not branches_usable:
                return
            if branches is None or len(branches) < 2:
                self.error(
                    (*path, "next"),
                    _("langkah keputusan harus punya paling sedikit dua cabang berlabel, mis. Ya dan Tidak"),
                )
                return
            labels: dict[str, int] = {}
            for index, branch in enumerate(branches):
                if not branch.label:
                    self.error(
                        (*path, "next", index, "label"),
                        _("cabang langkah keputusan harus berlabel, mis. Ya atau Tidak"),
                    )
                elif branch.label.casefold() in labels:
                    self.error(
                        (*path, "next", index, "label"),
                        _('label "%(label)s" sudah dipakai di next[%(index)s]')
                        % {"label": branch.label, "index": labels[branch.label.casefold()]},
                    )
                else:
                    labels[branch.label.casefold()] = index
        elif branches is not None and len(branches) > 1:
            self.error(
                (*path, "next"),
                _("langkah proses hanya punya satu jalan keluar; untuk bercabang tulis kind: decision"),
            )

    def check_graph(self, parsed: list[tuple[int | None, Step, list[int | None] | None]]) -> None:
        """Duplicate numbers, branches to nowhere, then (when those are sound) reachability and ends.

        Reachability waits until numbers and branches are right, so that one slip is not
        reported again as unreachable steps and endless loops.
        """
        sound = True
        position: dict[int, int] = {}
        for index, (number, _step, _targets) in enumerate(parsed):
            if number is None:
                sound = False
            elif number in position:
                sound = False
                self.error(
                    ("steps", index, "number"),
                    _("nomor langkah %(number)s sudah dipakai di steps[%(index)s]")
                    % {"number": number, "index": position[number]},
                )
            else:
                position[number] = index
        numbers_known = sound or all(number is not None for number, _step, _targets in parsed)
        for index, (_number, _step, targets) in enumerate(parsed):
            if targets is None:
                sound = False
                continue
            for branch_index, target in enumerate(targets):
                if target is None:
                    sound = False
                elif numbers_known and target not in position:
                    sound = False
                    self.error(
                        ("steps", index, "next", branch_index, "to"),
                        _("langkah %(number)s tidak ada") % {"number": target},
                    )
        if not sound:
            return
        successors: list[list[int]] = []
        for index, (_number, step, _targets) in enumerate(parsed):
            if step.next is not None:
                successors.append([position[branch.to] for branch in step.next])
            else:
                successors.append([index + 1] if index + 1 < len(parsed) else [])
        reachable = _closure([0], successors)
        ends = [index for index, following in enumerate(successors) if not following]
        for index, (number, _step, _targets) in enumerate(parsed):
            if index not in reachable:
                self.error(
                    ("steps", index), _("langkah %(number)s tidak pernah dicapai") % {"number": number}
                )
        if not ends:
            self.error(
                ("steps",),
                _(
                    "proses tidak pernah selesai: tidak ada langkah akhir; "
                    "tulis next: [] pada langkah tempat proses berakhir"
                ),
            )
            return
        predecessors: list[list[int]] = [[] for _item in parsed]
        for index, following in enumerate(successors):
            for target in following:
                predecessors[target].append(index)
        finishing = _closure(ends, predecessors)
        for index, (number, _step, _targets) in enumerate(parsed):
            # The steps leading into such a loop are not named: mending the loop mends them.
            stuck = index in reachable and index not in finishing
            if stuck and index in _closure(successors[index], successors):
                self.error(
                    ("steps", index),
                    _("proses tidak pernah selesai: langkah %(number)s berputar tanpa jalan keluar")
                    % {"number": number},
                )


def _closure(start: Iterable[int], edges: list[list[int]]) -> set[int]:
    seen = set(start)
    pending = list(seen)
    while pending:
        for target in edges[pending.pop()]:
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


# Public interface ------------------------------------------------------------------------------


def _located(errors: list[Located], lines: Mapping[KeyPath, int]) -> list[SopError]:
    located: list[SopError] = []
    for path, message, own_line in errors:
        line = own_line
        for length in range(len(path), -1, -1):
            if line is not None:
                break
            line = lines.get(path[:length])
        located.append(SopError(format_path(path), message, line))
    located.sort(key=lambda error: error.line or 0)
    return located


def _read(text: str | bytes) -> tuple[SopDefinition | None, list[SopError]]:
    decoded, problem = _decode(text)
    if decoded is None:
        return None, [problem] if problem else []
    too_deep = SopError("", _("Berkas terlalu dalam bersarangnya untuk dibaca."))
    try:
        loader = _Loader(decoded)  # checks the characters
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        return None, [_syntax_error(error, decoded)]
    except RecursionError:
        return None, [too_deep]
    walker = _Walker()
    try:
        root = walker.value(node, ()) if node is not None else None
    except RecursionError:
        return None, [too_deep]
    schema = _Schema()
    definition = schema.definition(root)
    errors = _located(walker.errors + schema.errors, walker.lines)
    return (None if errors else definition), errors


def load_definition(text: str | bytes, *, source: str = "") -> SopDefinition:
    """Read a `format: sop/v1` file; raises SopFileError listing every error when it is not valid."""
    definition, errors = _read(text)
    if errors or definition is None:
        raise SopFileError(errors or [SopError("", _("Berkas tidak dapat dibaca."))], source=source)
    return definition


def validate_text(text: str | bytes) -> list[SopError]:
    """Every error in an SOP file; empty when it loads."""
    return _read(text)[1]


def validate_definition(definition: SopDefinition) -> list[SopError]:
    """Every error in a definition built in code (e.g. edited on a screen), by the rules of the file."""
    schema = _Schema()
    schema.definition(definition_to_data(definition))
    return _located(schema.errors, {})


def definition_to_data(definition: SopDefinition, *, dates_as_text: bool = True) -> dict[str, Any]:
    """The canonical plain form of a definition in DESIGN.md key order, empty optional fields left out."""

    def day(value: dt.date) -> Any:
        return value.isoformat() if dates_as_text else value

    data: dict[str, Any] = {
        "format": FORMAT,
        "code": definition.code,
        "name": definition.name,
        "organization": definition.organization,
    }
    if definition.unit:
        data["unit"] = definition.unit
    data["created"] = day(definition.created)
    if definition.revised is not None:
        data["revised"] = day(definition.revised)
    data["effective"] = day(definition.effective)
    approver = {"title": definition.approved_by.title, "name": definition.approved_by.name}
    if definition.approved_by.nip:
        approver["nip"] = definition.approved_by.nip
    data["approved_by"] = approver
    if definition.scope:
        data["scope"] = definition.scope
    if definition.summary:
        data["summary"] = definition.summary
    if definition.definitions:
        data["definitions"] = [
            {"term": term.term, "meaning": term.meaning} for term in definition.definitions
        ]
    if definition.provisions:
        data["provisions"] = list(definition.provisions)
    data["legal_basis"] = list(definition.legal_basis)
    data["qualifications"] = list(definition.qualifications)
    if definition.related:
        data["related"] = list(definition.related)
    data["equipment"] = list(definition.equipment)
    data["warning"] = definition.warning
    data["recording"] = definition.recording
    data["actors"] = [{"key": actor.key, "name": actor.name} for actor in definition.actors]
    data["steps"] = [_step_data(step) for step in definition.steps]
    return data


def _step_data(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": step.number,
        "activities": [{"actor": activity.actor, "text": activity.text} for activity in step.activities],
    }
    if step.inputs:
        data["inputs"] = list(step.inputs)
    if step.time:
        data["time"] = step.time
    if step.outputs:
        data["outputs"] = list(step.outputs)
    if step.note:
        data["note"] = step.note
    if step.kind != "process":
        data["kind"] = step.kind
    if step.next is not None:
        data["next"] = [
            {"to": branch.to, "label": branch.label} if branch.label else {"to": branch.to}
            for branch in step.next
        ]
    if step.action:
        data["action"] = step.action
    return data


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists; quotes any text a YAML 1.1 or 1.2 reader would take for another type."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


for _tag, _pattern, _first in _CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, _pattern, _first)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(STR_TAG, value, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_definition(definition: SopDefinition) -> str:
    """The definition as a canonical `format: sop/v1` YAML file (UTF-8 text, dates as YYYY-MM-DD)."""
    return yaml.dump(
        definition_to_data(definition, dates_as_text=False),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
