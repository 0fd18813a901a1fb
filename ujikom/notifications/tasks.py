"""Background jobs of the outbox (Huey; discovered by huey.contrib.djhuey)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ujikom.core.jobs import once_per_period, period_key

from . import services

logger = logging.getLogger(__name__)


@db_task()
def deliver_message(message_id: int) -> str:
    """Try one stored message once; a failure is retried by `flush_outbox` when its time comes."""
    message = services.deliver(message_id=message_id)
    return message.status if message is not None else "skipped"


@db_periodic_task(crontab(minute="*"))
def flush_outbox() -> dict[str, int]:
    """Every minute, one worker sends whatever is due: new messages the queue lost, and retries."""
    if not once_per_period("notifications.flush_outbox", period_key(every="minute")):
        return {}
    outcome = services.deliver_due_messages()
    if outcome:
        logger.info("flush_outbox: %s", dict(outcome))
    return dict(outcome)
