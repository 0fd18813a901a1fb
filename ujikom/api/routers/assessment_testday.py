"""Pelaksanaan uji: daftar hadir, dokumentasi, hasil asesmen, banding (filled by its part)."""

from ninja import Router

router = Router(tags=["Pelaksanaan uji: daftar hadir, dokumentasi, hasil asesmen, banding"])
