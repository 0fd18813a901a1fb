"""The official SOP document in the SOP AP format (Permenpan RB 35/2012), drawn by Typst.

Python turns a `SopDefinition` into plain data: the identity fields with Indonesian dates, one
row per step with the actor columns (lanes) where its symbols sit, and a routing plan for the
arrows (which exit, which side channel, which track in it). The Typst program in
`typst/sop.typ` receives that as JSON and does all the geometry: it measures every cell,
sizes the rows, paginates the activity table itself, and draws symbols, arrows and the
numbered off-page connectors at page breaks.

Typst hangs in a child process when its parent compiled anything before forking, so nothing
here compiles at import time and no compiler is kept between calls: each call compiles in the
process that needs the document.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext as _

from ujikom.documents.typst import font_paths, indonesian_date

from .definition import SopDefinition, Step

Paper = Literal["a4", "f4"]
StepState = Literal["done", "active", "overdue", "waiting"]


TYPST_DIR = Path(__file__).resolve().parent / "typst"
MAIN_SOURCE = TYPST_DIR / "sop.typ"
PAPERS: tuple[Paper, ...] = ("a4", "f4")
STEP_STATES: tuple[StepState, ...] = ("done", "active", "overdue", "waiting")


def render_pdf(
    definition: SopDefinition,
    *,
    paper: Paper = "a4",
    state: dict[int, str] | None = None,
    warnings: list[str] | None = None,
) -> bytes:
    """The whole document as PDF: documentation part, Bagian Identitas and Bagian Flowchart.

    `warnings` (data-quality findings, already in Indonesian) are shown in a box on the first
    page; `state` colours the step symbols as on the run page.
    """
    document = _compile(_document_data(definition, paper=paper, state=state, warnings=warnings), "pdf")
    assert isinstance(document, bytes)
    return document


def render_svg(
    definition: SopDefinition,
    *,
    paper: Paper = "a4",
    state: dict[int, str] | None = None,
    warnings: list[str] | None = None,
    flowchart_only: bool = False,
) -> list[str]:
    """The same drawing as SVG, one string a page, for the web page.

    `state` maps a step number to "done", "active", "overdue" or "waiting" (a step missing from
    it is not reached yet); the symbols take the matching colour and each flowchart page shows a
    legend. `flowchart_only` leaves out the documentation and identity pages.
    """
    data = _document_data(definition, paper=paper, state=state, warnings=warnings)
    data["flowchart_only"] = flowchart_only
    pages = _compile(data, "svg")
    if isinstance(pages, bytes):
        pages = [pages]
    return [page.decode() for page in pages]


def flowchart_layout(definition: SopDefinition, *, paper: Paper = "a4") -> list[dict[str, Any]]:
    """How the activity table was paginated: per flowchart page, its page number in the document,
    the steps whose symbols it shows and its off-page connectors
    (`{"number", "role": "out"|"in", "source", "target"}`)."""
    data = _document_data(definition, paper=paper, state=None, warnings=None)
    found = _run("query", data, selector="<sop-flowchart-page>", field="value", format="json")
    assert isinstance(found, str)
    return list(json.loads(found))


def _compile(data: dict[str, Any], output_format: str) -> bytes | list[bytes]:
    result = _run("compile", data, format=output_format)
    assert isinstance(result, bytes | list)
    return result


def _run(command: str, data: dict[str, Any], **options: Any) -> Any:
    import typst  # imported on use: nothing compiles in a process that may fork later

    return getattr(typst, command)(
        str(MAIN_SOURCE),
        root=str(TYPST_DIR),
        font_paths=font_paths(),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        **options,
    )


def _document_data(
    definition: SopDefinition,
    *,
    paper: Paper,
    state: dict[int, str] | None,
    warnings: list[str] | None,
) -> dict[str, Any]:
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected one of {PAPERS}")
    step_states = {int(number): value for number, value in (state or {}).items() if value in STEP_STATES}
    approver = definition.approved_by
    return {
        "paper": paper,
        "flowchart_only": False,
        "code": definition.code,
        "name": definition.name,
        "organization": definition.organization,
        "unit": definition.unit,
        "created": indonesian_date(definition.created),
        "revised": indonesian_date(definition.revised),
        "effective": indonesian_date(definition.effective),
        "approved_by": {
            "title": approver.title,
            "name": approver.name,
            "number": _official_number(approver.nip),
        },
        "scope": _paragraphs(definition.scope),
        "summary": _paragraphs(definition.summary),
        "definitions": [{"term": term.term, "meaning": term.meaning} for term in definition.definitions],
        "provisions": list(definition.provisions),
        "legal_basis": list(definition.legal_basis),
        "qualifications": list(definition.qualifications),
        "related": list(definition.related),
        "equipment": list(definition.equipment),
        "warning": _paragraphs(definition.warning),
        "recording": _paragraphs(definition.recording),
        "warnings": [str(text) for text in warnings or ()],
        "actors": [actor.name for actor in definition.actors],
        **_flowchart_data(definition, step_states),
        "show_state": state is not None,
        "legend": [
            {"state": "done", "label": _("Selesai")},
            {"state": "active", "label": _("Sedang dikerjakan")},
            {"state": "overdue", "label": _("Terlambat")},
            {"state": "waiting", "label": _("Menunggu")},
            {"state": "none", "label": _("Belum dimulai")},
        ],
    }


def _official_number(number: str) -> str:
    """'NIP. 19620910 198603 1 013' for an NIP; another official number (e.g. 'NRP 123') as written."""
    number = number.strip()
    if not number:
        return ""
    return f"NIP. {number}" if number[0].isdigit() else number


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]


@dataclass
class _Edge:
    """An arrow from one step row to another, before Typst gives it coordinates."""

    source: int  # row index
    target: int
    label: str
    kind: Literal["next", "side"]  # next: to the row right below; side: along a side channel
    exit: str = "bottom"  # bottom | left | right
    entry: str = "top"  # top | left | right
    lane: int = 0  # the lane whose side channel carries the vertical run
    side: str = "right"  # which side of that lane
    slot: int = 0  # track in the channel, 0 nearest the symbols
    slots: int = 1

    @property
    def span(self) -> tuple[int, int]:
        return min(self.source, self.target), max(self.source, self.target)


def _flowchart_data(definition: SopDefinition, step_states: Mapping[int, str]) -> dict[str, Any]:
    """Rows with their lanes and symbol shapes, and arrows with a routing plan.

    Arrows to the row right below leave the symbol's bottom (a bus joins and splits parallel
    symbols). Any other arrow — a loop back, a jump forward — runs up or down a side channel:
    the strip between a lane's symbols and its border, where no symbol ever sits, so it never
    crosses one. Arrows sharing a channel over overlapping rows get separate tracks, shorter
    ones nearer the symbols so their ends do not cross the longer ones.
    """
    lane_of = {actor.key: index for index, actor in enumerate(definition.actors)}
    row_of = {step.number: index for index, step in enumerate(definition.steps)}
    rows: list[dict[str, Any]] = []
    for index, step in enumerate(definition.steps):
        marks: dict[int, list[int]] = defaultdict(list)
        for number, activity in enumerate(step.activities, start=1):
            if activity.actor in lane_of:
                marks[lane_of[activity.actor]].append(number)
        several = len(step.activities) > 1
        rows.append(
            {
                "number": step.number,
                "activities": [activity.text for activity in step.activities],
                "inputs": list(step.inputs),
                "time": step.time or "",
                "outputs": list(step.outputs),
                "note": step.note,
                "shape": _shape(definition, step, index),
                "lanes": sorted(marks),
                "marks": [", ".join(map(str, marks[lane])) if several else "" for lane in sorted(marks)],
                "state": step_states.get(step.number, "none"),
            }
        )

    edges: list[_Edge] = []
    for index, step in enumerate(definition.steps):
        if not rows[index]["lanes"]:
            continue
        for branch in definition.successors(step):
            target = row_of.get(branch.to)
            if target is None or not rows[target]["lanes"]:
                continue
            kind: Literal["next", "side"] = "next" if target == index + 1 else "side"
            edges.append(_Edge(source=index, target=target, label=branch.label, kind=kind))
    _plan_side_edges(rows, edges)
    return {"rows": rows, "edges": [edge.__dict__ for edge in edges]}


def _shape(definition: SopDefinition, step: Step, index: int) -> str:
    if step.kind == "decision":
        return "decision"
    if index == 0 or not definition.successors(step):
        return "terminator"
    return "process"


def _plan_side_edges(rows: list[dict[str, Any]], edges: list[_Edge]) -> None:
    side_edges = [edge for edge in edges if edge.kind == "side"]
    used_exits: dict[int, set[str]] = defaultdict(set)
    for edge in side_edges:
        source_lanes, target_lanes = rows[edge.source]["lanes"], rows[edge.target]["lanes"]
        source_mid = sum(source_lanes) / len(source_lanes)
        target_mid = sum(target_lanes) / len(target_lanes)
        side = "left" if target_mid < source_mid else "right"
        if len(source_lanes) == 1 and side in used_exits[edge.source]:
            # A decision's second side exit leaves by the other vertex.
            side = "left" if side == "right" else "right"
        if len(source_lanes) == 1:
            used_exits[edge.source].add(side)
        edge.side = side
        lanes = source_lanes + target_lanes
        edge.lane = max(lanes) if side == "right" else min(lanes)
        edge.exit = side if len(source_lanes) == 1 else "bottom"

    for edge in side_edges:
        target = rows[edge.target]
        enters_side = (
            len(target["lanes"]) == 1
            and target["shape"] != "decision"
            and edge.side not in used_exits[edge.target]
        )
        edge.entry = edge.side if enters_side else "top"

    channels: dict[tuple[int, str], list[_Edge]] = defaultdict(list)
    for edge in side_edges:
        channels[(edge.lane, edge.side)].append(edge)
    for channel in channels.values():
        taken: list[tuple[int, tuple[int, int]]] = []
        for edge in sorted(channel, key=lambda e: (e.span[1] - e.span[0], e.span)):
            low, high = edge.span
            busy = {slot for slot, (a, b) in taken if a <= high and low <= b}
            edge.slot = next(slot for slot in range(len(channel) + 1) if slot not in busy)
            taken.append((edge.slot, edge.span))
        count = max(edge.slot for edge in channel) + 1
        for edge in channel:
            edge.slots = count
