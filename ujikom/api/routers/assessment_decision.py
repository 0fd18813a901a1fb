"""Keputusan LSP: rapat pleno, SK Penetapan, blangko BNSP (filled by its part)."""

from ninja import Router

router = Router(tags=["Keputusan LSP: rapat pleno, SK Penetapan, blangko BNSP"])
