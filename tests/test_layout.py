"""Layout helpers shared by the template and the report (pipeline/layout.py)."""

from __future__ import annotations

from pipeline.layout import row_height, wrapped_lines


def test_wrapped_lines_break_at_spaces_after_a_slash_or_hyphen_and_a_long_word_anywhere():
    assert wrapped_lines("", 12) == 1
    assert wrapped_lines("Katim Penyusunan Program", 12) == 3  # 24 characters, 3 lines
    assert wrapped_lines("01-10-2026 08:30", 12) == 2
    assert wrapped_lines("0" * 64, 30) == 3
    assert wrapped_lines("ya\ntidak", 12) == 2
    # a path breaks after a slash or hyphen: "input/2026-TW3/" then "SEKRETARIAT.xlsx"; in
    # 12 characters "input/2026-", "TW3/", then the file name over two lines (31 characters)
    assert wrapped_lines("input/2026-TW3/SEKRETARIAT.xlsx", 20) == 2
    assert wrapped_lines("input/2026-TW3/SEKRETARIAT.xlsx", 12) == 4
    assert wrapped_lines("kolom-terkunci-berubah", 15) == 2
    assert wrapped_lines("anak usia 0-18 tahun yang", 13) == 3  # not "anak usia 0-"


def test_a_narrow_column_of_words_gets_the_lines_its_words_need():
    text = [("Katim Penyusunan Program", 9.5)]  # 12 characters a line at 9 pt
    assert row_height(text, 9) == round(3 * 9 * 1.35 + 3, 1)


def test_row_chunks_cut_where_lines_begin_each_within_its_lines_nothing_lost():
    from pipeline.layout import line_starts, row_chunks

    text = "satu dua tiga empat lima enam tujuh delapan\nsembilan sepuluh " + "0" * 25
    assert line_starts("ab cd", 2) == [0, 3]
    chunks = row_chunks(text, 10, 2)
    assert chunks == [
        "satu dua tiga empat",
        "lima enam tujuh",
        "delapan\nsembilan",
        "sepuluh " + "0" * 10,  # a long number breaks where its line is full
        "0" * 15,
    ]
    assert all(wrapped_lines(chunk, 10) <= 2 for chunk in chunks)
    assert row_chunks("", 10, 2) == [""]
