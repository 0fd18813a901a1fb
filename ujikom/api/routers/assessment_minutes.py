"""Berita acara, kaji ulang, rekomendasi, arsip (filled by its part)."""

from ninja import Router

router = Router(tags=["Berita acara, kaji ulang, rekomendasi, arsip"])
