"""Which of a step's outputs a screen's document fills."""

from ujikom.scheduling.sop_binding import _output_for

STEP_3 = ["Kartu peserta uji kompetensi", "Surat tugas asesor kompetensi", "Surat tugas verifikasi TUK"]


def test_a_named_document_fills_the_output_that_names_it_not_the_first_one_missing():
    assert _output_for(STEP_3, [0, 1, 2], "surat tugas verifikasi TUK") == 2
    assert _output_for(STEP_3, [0, 1, 2], "surat tugas asesor kompetensi") == 1
    assert _output_for(STEP_3, [0, 1, 2], "kartu peserta") == 0


def test_a_document_whose_output_is_already_given_fills_nothing():
    assert _output_for(STEP_3, [1, 2], "kartu peserta") is None


def test_without_a_name_the_first_missing_output_is_filled():
    assert _output_for(STEP_3, [1, 2], "") == 1
    assert _output_for(STEP_3, [], "") is None
