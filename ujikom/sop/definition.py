"""An SOP as plain data: what a `format: sop/v1` file says, before or after it is stored.

`ujikom.sop.fileformat` reads and writes these from and to YAML (with every error located);
the library stores them as versions; the renderer draws them; the engine runs stored versions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ujikom.core.calendar import WorkingDuration, parse_duration

FORMAT = "sop/v1"
StepKind = Literal["process", "decision"]


@dataclass(frozen=True)
class Approver:
    """Disahkan oleh: the official's title (jabatan), name and NIP (or another official number)."""

    title: str
    name: str
    nip: str = ""


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str


@dataclass(frozen=True)
class Actor:
    """A Pelaksana column (swimlane), in column order."""

    key: str
    name: str


@dataclass(frozen=True)
class Activity:
    """What one actor does in a step; several in one step run in parallel and are all required."""

    actor: str
    text: str


@dataclass(frozen=True)
class Branch:
    to: int
    label: str = ""


@dataclass(frozen=True)
class Step:
    number: int
    activities: tuple[Activity, ...]
    inputs: tuple[str, ...] = ()
    time: str | None = None  # as written: "15 menit", "1 hari", "3 x 24 jam"; None = no standard
    outputs: tuple[str, ...] = ()
    note: str = ""
    kind: StepKind = "process"
    next: tuple[Branch, ...] | None = None  # None: the following step; (): the run ends here
    action: str | None = None  # key of a registered screen that does this step

    @property
    def duration(self) -> WorkingDuration | None:
        return parse_duration(self.time) if self.time else None

    @property
    def actor_keys(self) -> tuple[str, ...]:
        return tuple(activity.actor for activity in self.activities)


@dataclass(frozen=True)
class SopDefinition:
    code: str
    name: str
    organization: str
    created: dt.date
    effective: dt.date
    approved_by: Approver
    actors: tuple[Actor, ...]
    steps: tuple[Step, ...]
    unit: str = ""
    revised: dt.date | None = None
    scope: str = ""
    summary: str = ""
    definitions: tuple[Term, ...] = ()
    provisions: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    warning: str = ""
    recording: str = ""
    format: str = field(default=FORMAT)

    def step(self, number: int) -> Step:
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(number)

    def successors(self, step: Step) -> tuple[Branch, ...]:
        """Where a run goes after `step`: its explicit branches, else the following step, else nowhere."""
        if step.next is not None:
            return step.next
        index = self.steps.index(step)
        if index + 1 < len(self.steps):
            return (Branch(to=self.steps[index + 1].number),)
        return ()

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    def end_steps(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if not self.successors(step))
