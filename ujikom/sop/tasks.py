"""Background jobs of the SOP app (discovered by huey.contrib.djhuey): the deadline sweep."""

from .deadlines import sweep_sop_deadlines

__all__ = ["sweep_sop_deadlines"]
