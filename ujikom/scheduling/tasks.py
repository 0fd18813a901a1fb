"""Background jobs of scheduling (Huey; discovered by huey.contrib.djhuey)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ujikom.core.jobs import once_per_period, period_key

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
def send_test_reminders() -> int:
    """Every five minutes, one worker sends the candidates' reminders whose time has come
    (SOP PSM/DISNAKER-10 step 3); each candidate gets each reminder once."""
    from .services_readiness import send_due_reminders

    if not once_per_period("scheduling.send_test_reminders", period_key(every="minute")):
        return 0
    sent = send_due_reminders()
    if sent:
        logger.info("send_test_reminders: %s pengingat dikirim", sent)
    return sent
