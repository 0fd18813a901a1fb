"""/api/v1/reports/… of the registers part."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
