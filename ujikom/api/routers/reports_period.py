"""/api/v1/reports/… of the period part."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reports"])
