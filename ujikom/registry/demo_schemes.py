"""Demo data: funding sources (shared and the Disnaker's own) and the schemes of LSP STMI with units.

The Junior Web Developer units are those of SKKNI 282/2016 (software development); the other
schemes' unit codes follow the SKKNI code pattern and stand in for an LSP's scheme document.
"""

from __future__ import annotations

from typing import Any

from ujikom.core.models import Organization, User

from .models import FundingSource, Scheme
from .services_schemes import create_funding_source, create_scheme

SHARED_FUNDING = [
    ("APBN", "APBN (Anggaran Pendapatan dan Belanja Negara)", FundingSource.Kind.APBN, ""),
    ("APBN-BNSP", "APBN — program sertifikasi kompetensi BNSP", FundingSource.Kind.APBN, ""),
    ("APBN-BLK", "APBN — program pelatihan BLK Kementerian Ketenagakerjaan", FundingSource.Kind.APBN, "026"),
    ("APBD-PROV", "APBD Provinsi", FundingSource.Kind.APBD, ""),
    ("APBD-KAB", "APBD Kabupaten/Kota", FundingSource.Kind.APBD, ""),
    ("PERUSAHAAN", "Perusahaan (biaya dari pemberi kerja)", FundingSource.Kind.COMPANY, ""),
    ("MANDIRI", "Mandiri (biaya sendiri peserta)", FundingSource.Kind.SELF, ""),
]
DISNAKER_FUNDING = [
    ("APBD-TNG", "APBD Kota Tangerang — DPA Dinas Ketenagakerjaan", FundingSource.Kind.APBD, ""),
]

JWD_UNITS = [
    ("J.620100.004.02", "Menggunakan Struktur Data"),
    ("J.620100.005.02", "Mengimplementasikan User Interface"),
    ("J.620100.011.01", "Melakukan Instalasi Software Tools Pemrograman"),
    ("J.620100.012.01", "Melakukan Pengaturan Software Tools Pemrograman"),
    ("J.620100.016.01", "Menulis Kode dengan Prinsip sesuai Guidelines dan Best Practices"),
    ("J.620100.017.02", "Mengimplementasikan Pemrograman Terstruktur"),
    ("J.620100.019.02", "Menggunakan Library atau Komponen Pre-Existing"),
    ("J.620100.023.02", "Membuat Dokumen Kode Program"),
    ("J.620100.025.02", "Melakukan Debugging"),
]
JWD_ELEMENTS = {
    "J.620100.004.02": [
        "Mengidentifikasi konsep data dan struktur data",
        "Menerapkan struktur data dan akses terhadap struktur data tersebut",
    ],
    "J.620100.017.02": [
        "Menggunakan tipe data dan control program",
        "Membuat program sederhana",
        "Membuat program menggunakan prosedur dan fungsi",
        "Membuat program menggunakan array",
        "Membuat program untuk akses file",
        "Mengkompilasi program",
    ],
}
OPERATOR_UNITS = [
    ("J.620100.031.01", "Mengidentifikasi Aspek Kode Etik dan HAKI di Bidang TIK"),
    ("J.620100.032.01", "Menerapkan Prinsip Keselamatan dan Kesehatan Kerja di Lingkungan TIK"),
    ("J.620100.033.01", "Mengoperasikan Komputer Personal yang Berdiri Sendiri"),
    ("J.620100.034.01", "Mengoperasikan Sistem Operasi"),
    ("J.620100.035.01", "Mengoperasikan Perangkat Lunak Pengolah Kata Tingkat Dasar"),
    ("J.620100.036.01", "Mengoperasikan Perangkat Lunak Lembar Sebar Tingkat Dasar"),
    ("J.620100.037.01", "Mengoperasikan Perangkat Lunak Presentasi Tingkat Dasar"),
    ("J.620100.038.01", "Mengakses Internet dan Surat Elektronik"),
]
WELDING_UNITS = [
    ("C.251100.001.01", "Menerapkan Prinsip Keselamatan dan Kesehatan Kerja di Lingkungan Kerja Pengelasan"),
    ("C.251100.002.01", "Membaca Gambar Teknik dan Simbol Las"),
    ("C.251100.003.01", "Melakukan Persiapan Pengelasan"),
    ("C.251100.004.01", "Mengelas Pelat Baja Karbon dengan Las Busur Manual (SMAW) Posisi Bawah Tangan (1G)"),
    ("C.251100.005.01", "Mengelas Pelat Baja Karbon dengan Las Busur Manual (SMAW) Posisi Horizontal (2G)"),
    ("C.251100.006.01", "Melakukan Pemeriksaan Visual Hasil Las"),
]
MACHINING_UNITS = [
    ("C.282000.001.01", "Menggunakan Perkakas Tangan"),
    ("C.282000.002.01", "Melakukan Pengukuran dengan Alat Ukur Presisi"),
    ("C.282000.003.01", "Melakukan Pekerjaan dengan Mesin Bubut Konvensional"),
    ("C.282000.004.01", "Melakukan Pekerjaan dengan Mesin Frais Konvensional"),
]

SCHEMES: list[dict[str, Any]] = [
    {
        "code": "SKM-OKM-02",
        "name": "Operator Komputer Muda",
        "kind": Scheme.Kind.KKNI,
        "kkni_level": 2,
        "validity_years": 3,
        "basic_requirements": "Minimal lulus SMP/sederajat dan telah mengikuti pelatihan operator komputer "
        "berbasis kompetensi, atau berpengalaman kerja sebagai operator komputer minimal 1 tahun.",
        "units": OPERATOR_UNITS,
    },
    {
        "code": "SKM-JWD-01",
        "name": "Junior Web Developer",
        "kind": Scheme.Kind.OCCUPATION,
        "kkni_level": None,
        "validity_years": 3,
        "basic_requirements": "Minimal lulus SMK bidang TIK, atau mahasiswa D3/D4/S1 bidang informatika "
        "semester 4 ke atas, atau berpengalaman sebagai pengembang web minimal 1 tahun.",
        "units": JWD_UNITS,
    },
    {
        "code": "SKM-LAS-SMAW-01",
        "name": "Juru Las Busur Manual (SMAW) Pelat Posisi 1G dan 2G",
        "kind": Scheme.Kind.OCCUPATION,
        "kkni_level": None,
        "validity_years": 3,
        "basic_requirements": "Minimal lulus SMP/sederajat, sehat jasmani, dan telah mengikuti pelatihan "
        "pengelasan SMAW di BLK atau lembaga pelatihan kerja.",
        "units": WELDING_UNITS,
    },
    {
        "code": "SKM-PMK-01",
        "name": "Klaster Pemesinan Konvensional",
        "kind": Scheme.Kind.CLUSTER,
        "kkni_level": None,
        "validity_years": 3,
        "basic_requirements": "Minimal lulus SMK teknik pemesinan atau berpengalaman kerja di bengkel "
        "pemesinan minimal 1 tahun.",
        "units": MACHINING_UNITS,
    },
]


def load_schemes_demo(admin: User) -> None:
    for code, name, kind, ministry in SHARED_FUNDING:
        create_funding_source(
            actor=admin, organization=None, code=code, name=name, kind=kind, ministry_code=ministry
        )
    disnaker = Organization.objects.filter(code="disnaker-tangerang").first()
    if disnaker is not None:
        for code, name, kind, ministry in DISNAKER_FUNDING:
            create_funding_source(
                actor=admin, organization=disnaker, code=code, name=name, kind=kind, ministry_code=ministry
            )
    lsp = Organization.objects.filter(code="lsp-stmi").first()
    if lsp is None:
        return
    for spec in SCHEMES:
        fields = dict(spec)
        units = [
            {"code": code, "title": title, "elements": JWD_ELEMENTS.get(code, [])}
            for code, title in fields.pop("units")
        ]
        create_scheme(organization=lsp, actor=admin, units=units, **fields)
