"""Putting back the rows that data migrations made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


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


def grant_permissions(apps: Any, grants: dict[str, list[str]]) -> None:
    """Add each permission code to the built-in roles named for it (data migrations of the apps)."""
    role_model = apps.get_model("core", "Role")
    for code, keys in grants.items():
        for role in role_model.objects.filter(key__in=keys):
            if code not in role.permissions:
                role.permissions = [*role.permissions, code]
                role.save(update_fields=["permissions"])


def revoke_permissions(apps: Any, grants: dict[str, list[str]]) -> None:
    """Take the permission codes of `grants` away from every role (reversing `grant_permissions`)."""
    role_model = apps.get_model("core", "Role")
    for role in role_model.objects.all():
        kept = [code for code in role.permissions if code not in grants]
        if kept != role.permissions:
            role.permissions = kept
            role.save(update_fields=["permissions"])


def add_document_types(apps: Any, types: list[tuple[str, str, str]]) -> None:
    """Create or rename the document types (code, name, abbreviation) an app numbers."""
    model = apps.get_model("core", "DocumentType")
    for code, name, abbreviation in types:
        model.objects.update_or_create(code=code, defaults={"name": name, "abbreviation": abbreviation})


def remove_document_types(apps: Any, types: list[tuple[str, str, str]]) -> None:
    """Delete the document types of `types` (reversing `add_document_types`)."""
    apps.get_model("core", "DocumentType").objects.filter(code__in=[code for code, _, _ in types]).delete()
