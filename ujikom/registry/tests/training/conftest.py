"""Fixtures of the registry tests, defined beside the tests of each kind of master data."""

from .fixtures import (  # noqa: F401
    blk,
    manager,
    no_role,
    other_blk,
    outsider,
    participant,
    program,
    regions,
    viewer,
)
