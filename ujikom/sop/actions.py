"""Step actions: other apps bind their screens to SOP steps by key (the `action` of a step).

An app registers in its AppConfig.ready():

    register_action(StepAction(key="scheduling.confirm_assessors", label=_("Konfirmasi asesor"),
                               url=lambda task: reverse("scheduling:confirm", args=[task.step_run.run.subject_id])))

The task page then links to that screen; the screen attaches what it generates to the task
with `ujikom.sop.engine.attach_output`. A step without an action is completed with uploads
and a note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Task


@dataclass(frozen=True)
class StepAction:
    key: str
    label: Any  # a (lazy) translated label
    url: Callable[[Task], str]
    description: Any = ""


_ACTIONS: dict[str, StepAction] = {}


def register_action(action: StepAction) -> None:
    _ACTIONS[action.key] = action


def get_action(key: str) -> StepAction | None:
    return _ACTIONS.get(key)


def registered_actions() -> dict[str, StepAction]:
    return dict(_ACTIONS)
