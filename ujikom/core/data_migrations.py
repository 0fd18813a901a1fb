"""Putting back the rows that data migrations made."""

from __future__ import annotations

from collections.abc import Callable


def replay_data_migrations() -> None:
    """Run the project's data migrations again, in order (each is idempotent).

    Transactional tests (live server, several processes) empty every table afterwards, the
    rows that data migrations made (built-in roles, document types, message templates,
    SOP permissions) included; tests after them call this to put those rows back.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    project_apps = {config.label for config in apps.get_app_configs() if config.name.startswith("ujikom.")}
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            if node in seen or node[0] not in project_apps:
                continue
            seen.add(node)
            for operation in loader.graph.nodes[node].operations:
                if isinstance(operation, RunPython):
                    # The current models stand in for the historical ones: the data
                    # migrations only use fields that still exist.
                    forwards: Callable[..., object] = operation.code
                    forwards(apps, None)
