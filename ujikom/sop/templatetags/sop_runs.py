"""Template filters of the run and task pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def working_time(seconds: int | None) -> str:
    """Working seconds as officials say them: "1 hari 2 jam", "45 menit" (a working day is 8 hours)."""
    if seconds is None:
        return "—"
    minutes = int(seconds) // 60
    if minutes == 0:
        return _("kurang dari 1 menit") if seconds else _("0 menit")
    days, rest = divmod(minutes, 8 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)s hari kerja") % {"n": days})
    if hours:
        parts.append(_("%(n)s jam") % {"n": hours})
    if minutes:
        parts.append(_("%(n)s menit") % {"n": minutes})
    return " ".join(parts)
