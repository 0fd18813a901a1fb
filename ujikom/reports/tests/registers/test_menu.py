"""The four registers sit in the "Laporan" menu for those who read reports, and the complaint
events read in Indonesian in the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.core.access import permissions_in
from ujikom.core.audit import event_label
from ujikom.core.navigation import navigation_for

pytestmark = pytest.mark.django_db
REGISTERS = {
    "Register banding": "reports:register_appeals",
    "Register pengaduan": "reports:register_complaints",
    "Stok blangko": "reports:register_blanks",
    "Kelengkapan arsip": "reports:register_archives",
}


def test_readers_find_the_registers_in_the_reports_menu(viewer, candidate_only, disnaker):
    links = {link.label: link for link in navigation_for(viewer, disnaker, permissions_in(viewer, disnaker))}
    others = {
        link.label
        for link in navigation_for(candidate_only, disnaker, permissions_in(candidate_only, disnaker))
    }

    for label, url_name in REGISTERS.items():
        assert links[label].url == reverse(url_name) and links[label].section == "Laporan"
        assert label not in others


def test_who_records_complaints_without_reading_reports_finds_only_the_complaints_register(clerk, disnaker):
    labels = {link.label for link in navigation_for(clerk, disnaker, permissions_in(clerk, disnaker))}

    assert "Register pengaduan" in labels
    assert {"Register banding", "Stok blangko", "Kelengkapan arsip"}.isdisjoint(labels)


def test_complaint_events_have_indonesian_labels():
    assert event_label("complaint.recorded") == "Pengaduan dicatat dalam register"
    assert event_label("complaint.followed_up") == "Tindak lanjut pengaduan dicatat"
