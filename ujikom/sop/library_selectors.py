"""Reads of the SOP library: versions as definitions, the version in force, the library list,
what changed between versions, data-quality warnings and links between related SOPs."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.models import Organization

from .definition import Activity, Actor, Approver, Branch, SopDefinition, Step, Term
from .models import Sop, SopActivity, SopActor, SopStep, SopVersion

# ---- A version as a definition, the version in force -------------------------------------------


def version_definition(version: SopVersion) -> SopDefinition:
    """The stored version as a definition (for export, rendering and comparing versions)."""
    actors = list(version.actors.all())
    keys = {actor.pk: actor.key for actor in actors}
    steps = []
    for step in version.steps.prefetch_related("activities", "branches"):
        steps.append(
            Step(
                number=step.number,
                activities=tuple(
                    Activity(actor=keys[a.actor_id], text=a.text) for a in step.activities.all()
                ),
                inputs=tuple(step.inputs),
                time=step.time_text or None,
                outputs=tuple(step.outputs),
                note=step.note,
                kind=step.kind,  # type: ignore[arg-type]
                next=tuple(Branch(to=b.target_number, label=b.label) for b in step.branches.all())
                if step.explicit_next
                else None,
                action=step.action or None,
            )
        )
    return SopDefinition(
        code=version.code,
        name=version.name,
        organization=version.organization_name,
        unit=version.unit_name,
        created=version.created_on,
        revised=version.revised_on,
        effective=version.effective_on,
        approved_by=Approver(
            title=version.approver_title, name=version.approver_name, nip=version.approver_nip
        ),
        scope=version.scope,
        summary=version.summary,
        definitions=tuple(Term(term=d["term"], meaning=d["meaning"]) for d in version.definitions),
        provisions=tuple(version.provisions),
        legal_basis=tuple(version.legal_basis),
        qualifications=tuple(version.qualifications),
        related=tuple(version.related),
        equipment=tuple(version.equipment),
        warning=version.warning,
        recording=version.recording,
        actors=tuple(Actor(key=a.key, name=a.name) for a in actors),
        steps=tuple(steps),
    )


def version_in_force(
    *, organization: Organization, code: str, on: dt.date | None = None
) -> SopVersion | None:
    """The approved version of the SOP with the latest effective date not after `on` (today)."""
    day = on or timezone.localdate()
    return (
        SopVersion.objects.filter(
            sop__organization=organization,
            sop__code=code,
            status=SopVersion.Status.APPROVED,
            effective_on__lte=day,
        )
        .select_related("sop")
        .order_by("-effective_on", "-number")
        .first()
    )


def _in_force_among(versions: Iterable[SopVersion], day: dt.date) -> SopVersion | None:
    candidates = [v for v in versions if v.status == SopVersion.Status.APPROVED and v.effective_on <= day]
    return max(candidates, key=lambda v: (v.effective_on, v.number), default=None)


def _current_among(versions: Iterable[SopVersion], day: dt.date) -> SopVersion | None:
    """The version that stands for an SOP: the one in force, else the newest approved, else the newest draft."""
    versions = [v for v in versions if v.status != SopVersion.Status.WITHDRAWN]
    in_force = _in_force_among(versions, day)
    if in_force is not None:
        return in_force
    approved = [v for v in versions if v.status == SopVersion.Status.APPROVED]
    return max(approved or versions, key=lambda v: v.number, default=None)


def version_status_label(version: SopVersion, in_force: SopVersion | None) -> str:
    """Draf / Berlaku / Disahkan, belum berlaku / Digantikan / Dicabut, for lists of versions."""
    if version.status == SopVersion.Status.DRAFT:
        return _("Draf")
    if version.status == SopVersion.Status.WITHDRAWN:
        return _("Dicabut")
    if in_force is not None and version.pk == in_force.pk:
        return _("Berlaku")
    if version.effective_on > timezone.localdate():
        return _("Disahkan, berlaku mulai %(date)s") % {
            "date": formats.date_format(version.effective_on, "DATE_FORMAT")
        }
    return _("Digantikan")


# ---- The library list --------------------------------------------------------------------------


@dataclass
class LibraryRow:
    sop: Sop
    in_force: SopVersion | None
    drafts: list[SopVersion]
    latest: SopVersion | None
    warning_count: int = 0


def library_rows(*, organization: Organization, query: str = "") -> list[LibraryRow]:
    """The organization's SOPs with the version in force, the drafts and the number of warnings.

    A fixed number of queries whatever the number of SOPs.
    """
    sops = Sop.objects.filter(organization=organization).order_by("code")
    query = query.strip()
    if query:
        sops = sops.filter(Q(code__icontains=query) | Q(name__icontains=query))
    sop_list = list(sops)
    by_sop: dict[int, list[SopVersion]] = defaultdict(list)
    for version in _light_versions(SopVersion.objects.filter(sop__organization=organization)):
        by_sop[version.sop_id].append(version)
    day = timezone.localdate()
    rows = []
    for sop in sop_list:
        versions = by_sop.get(sop.pk, [])
        rows.append(
            LibraryRow(
                sop=sop,
                in_force=_in_force_among(versions, day),
                drafts=sorted(
                    (v for v in versions if v.status == SopVersion.Status.DRAFT), key=lambda v: v.number
                ),
                latest=max(versions, key=lambda v: v.number, default=None),
            )
        )
    current = {sop_id: _current_among(versions, day) for sop_id, versions in by_sop.items()}
    warnings = _warnings_for([v for v in current.values() if v is not None], current)
    for row in rows:
        shown = current.get(row.sop.pk)
        row.warning_count = len(warnings.get(shown.pk, [])) if shown is not None else 0
    return rows


def _light_versions(versions: QuerySet[SopVersion]) -> list[SopVersion]:
    return list(
        versions.select_related("sop").only(
            "id",
            "public_id",
            "sop",
            "number",
            "status",
            "effective_on",
            "code",
            "name",
            "sop__code",
            "sop__name",
        )
    )


def versions_of(sop: Sop) -> list[tuple[SopVersion, str]]:
    """The SOP's versions, newest first, each with its status in words."""
    versions = list(
        sop.versions.select_related("approved_by", "withdrawn_by", "created_by").order_by("-number")
    )
    in_force = _in_force_among(versions, timezone.localdate())
    return [(version, version_status_label(version, in_force)) for version in versions]


def previous_version(version: SopVersion) -> SopVersion | None:
    """The version numbered just before this one (whatever its status)."""
    return (
        SopVersion.objects.filter(sop_id=version.sop_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


# ---- Warnings ----------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())


# Two tables at least this alike (after normalizing) with the same steps and times are taken as
# copies: SOP-08 repeats SOP-10's table with a few words changed ("Mendapat" for "Mendapatkan").
SIMILAR_TABLES = 0.9


@dataclass
class _Table:
    steps: list[dict[str, Any]] = field(default_factory=list)

    def signature(self) -> str:
        payload = json.dumps(self.steps, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def shape(self) -> tuple[str, ...]:
        """What must be equal before texts are compared: the number of steps and their times."""
        return tuple(step["time"] for step in self.steps)

    def text(self) -> str:
        return " / ".join(
            " | ".join([*step["activities"], *step["inputs"], *step["outputs"]]) for step in self.steps
        )


def _tables(version_ids: list[int]) -> dict[int, tuple[_Table, list[int]]]:
    """Each version's activity table normalized (for comparing), and the numbers of steps without a time."""
    activities: dict[int, list[str]] = defaultdict(list)
    for step_id, text in (
        SopActivity.objects.filter(step__version_id__in=version_ids)
        .order_by("step_id", "position")
        .values_list("step_id", "text")
    ):
        activities[step_id].append(_normal(text))
    tables: dict[int, tuple[_Table, list[int]]] = {pk: (_Table(), []) for pk in version_ids}
    for pk, version_id, number, inputs, time_text, outputs in (
        SopStep.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "position")
        .values_list("pk", "version_id", "number", "inputs", "time_text", "outputs")
    ):
        table, untimed = tables[version_id]
        table.steps.append(
            {
                "activities": activities.get(pk, []),
                "inputs": [_normal(item) for item in inputs],
                "time": _normal(time_text),
                "outputs": [_normal(item) for item in outputs],
            }
        )
        if not time_text.strip():
            untimed.append(number)
    return tables


def _likeness(mine: _Table, other: _Table) -> float:
    """1.0 for identical tables, about the share of equal text for near copies, 0 when the steps differ."""
    if not mine.steps or mine.shape() != other.shape():
        return 0.0
    if mine.signature() == other.signature():
        return 1.0
    matcher = difflib.SequenceMatcher(a=mine.text(), b=other.text(), autojunk=False)
    if matcher.quick_ratio() < SIMILAR_TABLES:
        return 0.0
    return matcher.ratio()


def _warnings_for(versions: list[SopVersion], current: dict[int, SopVersion | None]) -> dict[int, list[str]]:
    """Warnings of each of `versions`, comparing tables with the current versions of the other SOPs."""
    others = [v for v in current.values() if v is not None]
    ids = sorted({v.pk for v in versions} | {v.pk for v in others})
    tables = _tables(ids)
    result: dict[int, list[str]] = {}
    for version in versions:
        mine, untimed = tables[version.pk]
        found = [
            _("Langkah %(number)s tidak memiliki standar waktu") % {"number": number} for number in untimed
        ]
        for other in sorted(others, key=lambda v: v.sop.code):
            if other.sop_id == version.sop_id:
                continue
            likeness = _likeness(mine, tables[other.pk][0])
            if likeness >= 1.0:
                found.append(
                    _(
                        "Tabel kegiatan sama persis dengan SOP %(code)s %(name)s; periksa apakah tabel itu "
                        "tersalin dari SOP lain"
                    )
                    % {"code": other.sop.code, "name": other.sop.name}
                )
            elif likeness >= SIMILAR_TABLES:
                found.append(
                    _(
                        "Tabel kegiatan hampir sama (%(percent)s%% sama) dengan SOP %(code)s %(name)s; periksa "
                        "apakah tabel itu tersalin dari SOP lain"
                    )
                    % {"percent": int(likeness * 100), "code": other.sop.code, "name": other.sop.name}
                )
        result[version.pk] = found
    return result


def library_warnings(version: SopVersion) -> list[str]:
    """What an official should check in this version: steps without a time standard, and an
    activity table identical to another SOP's in the same library (as SOP-08 repeats SOP-10's)."""
    organization_id = version.sop.organization_id
    by_sop: dict[int, list[SopVersion]] = defaultdict(list)
    for item in _light_versions(SopVersion.objects.filter(sop__organization_id=organization_id)):
        by_sop[item.sop_id].append(item)
    day = timezone.localdate()
    current = {sop_id: _current_among(items, day) for sop_id, items in by_sop.items()}
    return _warnings_for([version], current)[version.pk]


# ---- Related SOPs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedLink:
    text: str  # as written in the SOP
    source: str  # "Keterkaitan" or "Langkah 2"
    sop: Sop | None  # the SOP of the library it names, if there is one


_BULLET = re.compile(r"^\s*(?:[-–•*]+|\d+[.)])\s*")


def _sop_key(text: str) -> str:
    """A name as compared: case, punctuation, "&"/"dan" and a leading "SOP" do not matter."""
    words = _normal(text.replace("&", " dan ")).split()
    while words and words[0] == "sop":
        words = words[1:]
    return " ".join(words)


def note_references(note: str) -> list[str]:
    """The SOPs a Keterangan names: "- SOP Perencanaan Uji Kompetensi, -SOP Pembuatan SK" → both."""
    found = []
    for part in re.split(r"[,;\n]+", note or ""):
        item = _BULLET.sub("", part).strip()
        if item.casefold().startswith("sop ") and len(item) > 4:
            found.append(item)
    return found


def related_links(version: SopVersion) -> list[RelatedLink]:
    """The Keterkaitan entries and the SOPs named in step notes, linked to the library's SOPs by name."""
    library: dict[str, Sop] = {}
    for sop in Sop.objects.filter(organization_id=version.sop.organization_id).order_by("code"):
        library.setdefault(_sop_key(sop.name), sop)
        library.setdefault(_sop_key(sop.code), sop)
    links = []
    keterkaitan = str(gettext_lazy("Keterkaitan"))
    for entry in version.related:
        text = _BULLET.sub("", entry).strip()
        links.append(RelatedLink(text=text, source=keterkaitan, sop=library.get(_sop_key(text))))
    for number, note in version.steps.order_by("position").values_list("number", "note"):
        for text in note_references(note):
            links.append(
                RelatedLink(
                    text=text,
                    source=_("Langkah %(number)s") % {"number": number},
                    sop=library.get(_sop_key(text)),
                )
            )
    return links


# ---- What changed between two versions ---------------------------------------------------------


@dataclass(frozen=True)
class Change:
    area: str  # "identity", "actor" or "step"
    action: str  # "added", "removed" or "changed"
    subject: str  # what changed, in words: "Nama SOP", "Pelaksana Kepala TUK", "Langkah 3"
    field: str = ""  # for a changed actor or step: which of its fields
    old: str = ""
    new: str = ""


IDENTITY_LABELS = {
    "name": gettext_lazy("Nama SOP"),
    "organization": gettext_lazy("Instansi"),
    "unit": gettext_lazy("Unit kerja"),
    "created": gettext_lazy("Tanggal pembuatan"),
    "revised": gettext_lazy("Tanggal revisi"),
    "effective": gettext_lazy("Tanggal efektif"),
    "approved_by": gettext_lazy("Disahkan oleh"),
    "scope": gettext_lazy("Ruang lingkup"),
    "summary": gettext_lazy("Ringkasan prosedur"),
    "definitions": gettext_lazy("Definisi"),
    "provisions": gettext_lazy("Ketentuan"),
    "legal_basis": gettext_lazy("Dasar hukum"),
    "qualifications": gettext_lazy("Kualifikasi pelaksana"),
    "related": gettext_lazy("Keterkaitan"),
    "equipment": gettext_lazy("Peralatan/perlengkapan"),
    "warning": gettext_lazy("Peringatan"),
    "recording": gettext_lazy("Pencatatan dan pendataan"),
}


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Approver):
        return " · ".join(part for part in (value.title, value.name, value.nip) if part)
    if isinstance(value, tuple | list):
        if not value:
            return "—"
        return "\n".join(
            f"{item.term}: {item.meaning}" if isinstance(item, Term) else str(item) for item in value
        )
    return str(value)


def _next_text(step: Step, definition: SopDefinition | None = None) -> str:
    """Where the run goes after `step`, in words; with the definition, a last row says it ends."""
    if step.next is None and (definition is None or definition.successors(step)):
        return _("langkah berikutnya")
    if not step.next:
        return _("selesai")
    return ", ".join(f"{b.to} ({b.label})" if b.label else str(b.to) for b in step.next)


def _step_fields(step: Step, actor_names: dict[str, str]) -> dict[str, str]:
    from .actions import get_action

    action = get_action(step.action) if step.action else None
    return {
        _("Kegiatan"): "\n".join(f"{actor_names.get(a.actor, a.actor)}: {a.text}" for a in step.activities),
        _("Kelengkapan"): _text(step.inputs),
        _("Waktu"): step.time or "—",
        _("Output"): _text(step.outputs),
        _("Keterangan"): step.note or "—",
        _("Jenis"): _("Keputusan") if step.kind == "decision" else _("Proses"),
        _("Sesudahnya"): _next_text(step),
        _("Layar kerja"): str(action.label) if action else (step.action or "—"),
    }


def _step_key(step: Step) -> str:
    return " | ".join(_normal(a.text) for a in step.activities)


def diff_versions(old: SopVersion, new: SopVersion) -> list[Change]:
    """What changed from `old` to `new`: identity fields, roles, actors, and steps added, removed or
    changed (field by field). Steps are paired by their activities, so inserting one step does
    not make every later step look changed."""
    before, after = version_definition(old), version_definition(new)
    changes: list[Change] = []
    for name, label in IDENTITY_LABELS.items():
        a, b = getattr(before, name), getattr(after, name)
        if a != b:
            changes.append(Change("identity", "changed", str(label), old=_text(a), new=_text(b)))
    for attribute, role_label in (
        ("approver_role", _("Peran yang mengesahkan")),
        ("escalation_role", _("Peran atasan untuk eskalasi")),
    ):
        a_role, b_role = getattr(old, attribute), getattr(new, attribute)
        if a_role != b_role:
            changes.append(Change("identity", "changed", role_label, old=_text(a_role), new=_text(b_role)))
    changes.extend(_actor_changes(old, new, before, after))
    old_names = {a.key: a.name for a in before.actors}
    new_names = {a.key: a.name for a in after.actors}
    matcher = difflib.SequenceMatcher(
        a=[_step_key(s) for s in before.steps], b=[_step_key(s) for s in after.steps], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = before.steps[i1:i2], after.steps[j1:j2]
        if tag in {"equal", "replace"}:
            for a_step, b_step in zip(olds, news, strict=False):
                changes.extend(_step_changes(a_step, b_step, old_names, new_names))
            olds, news = olds[len(news) :], news[len(olds) :]
        for step in olds:
            changes.append(
                Change(
                    "step",
                    "removed",
                    _("Langkah %(number)s") % {"number": step.number},
                    old=_step_fields(step, old_names)[_("Kegiatan")],
                )
            )
        for step in news:
            changes.append(
                Change(
                    "step",
                    "added",
                    _("Langkah %(number)s") % {"number": step.number},
                    new=_step_fields(step, new_names)[_("Kegiatan")],
                )
            )
    return changes


def _actor_changes(
    old: SopVersion, new: SopVersion, before: SopDefinition, after: SopDefinition
) -> list[Change]:
    changes = []
    old_rows = {a.key: a for a in SopActor.objects.filter(version=old).select_related("default_role")}
    new_rows = {a.key: a for a in SopActor.objects.filter(version=new).select_related("default_role")}
    for key, row in old_rows.items():
        if key not in new_rows:
            changes.append(Change("actor", "removed", _("Pelaksana %(name)s") % {"name": row.name}))
    for key, row in new_rows.items():
        subject = _("Pelaksana %(name)s") % {"name": row.name}
        previous = old_rows.get(key)
        if previous is None:
            changes.append(Change("actor", "added", subject))
            continue
        if previous.name != row.name:
            changes.append(Change("actor", "changed", subject, _("Nama"), previous.name, row.name))
        if previous.default_role_id != row.default_role_id:
            changes.append(
                Change(
                    "actor",
                    "changed",
                    subject,
                    _("Peran bawaan"),
                    _text(previous.default_role),
                    _text(row.default_role),
                )
            )
    old_order = [a.key for a in before.actors if a.key in new_rows]
    new_order = [a.key for a in after.actors if a.key in old_rows]
    if old_order != new_order:
        names = {a.key: a.name for a in after.actors}
        changes.append(
            Change(
                "actor",
                "changed",
                _("Urutan kolom pelaksana"),
                old=", ".join(names[k] for k in old_order),
                new=", ".join(names[k] for k in new_order),
            )
        )
    return changes


def _step_changes(a: Step, b: Step, old_names: dict[str, str], new_names: dict[str, str]) -> list[Change]:
    subject = _("Langkah %(number)s") % {"number": b.number}
    changes = []
    if a.number != b.number:
        changes.append(Change("step", "changed", subject, _("Nomor"), str(a.number), str(b.number)))
    old_fields, new_fields = _step_fields(a, old_names), _step_fields(b, new_names)
    for label, value in new_fields.items():
        if old_fields[label] != value:
            changes.append(Change("step", "changed", subject, label, old_fields[label], value))
    return changes


# ---- The activity table as rows to show --------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    step: Step
    activities: list[tuple[str, str]]  # (actor name, text)
    next_text: str
    action_label: str


def step_rows(definition: SopDefinition) -> list[StepRow]:
    """The activity table with actor names and the way out of each step in words."""
    from .actions import get_action

    names = {actor.key: actor.name for actor in definition.actors}
    rows = []
    for step in definition.steps:
        action = get_action(step.action) if step.action else None
        rows.append(
            StepRow(
                step=step,
                activities=[(names.get(a.actor, a.actor), a.text) for a in step.activities],
                next_text=_next_text(step, definition),
                action_label=str(action.label) if action else (step.action or ""),
            )
        )
    return rows
