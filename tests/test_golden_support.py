"""The golden-file helper itself: a missing golden fails, a different one fails with a diff, the flag rewrites."""

from __future__ import annotations

import pytest

from golden_support import check_golden, normalise_text


def test_a_missing_golden_fails_and_writes_nothing(tmp_path):
    golden = tmp_path / "absent.txt"
    with pytest.raises(pytest.fail.Exception, match="missing"):
        check_golden("output\n", golden, update=False)
    assert not golden.exists()


def test_a_different_golden_fails_with_a_diff(tmp_path):
    golden = tmp_path / "page.txt"
    golden.write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)--update-goldens.*-two.*\+three"):
        check_golden("one\nthree\n", golden, update=False)


def test_updating_writes_the_normalised_output_and_the_next_run_passes(tmp_path):
    golden = tmp_path / "sub" / "page.txt"
    check_golden(b"one\r\ntwo", golden, update=True)
    assert golden.read_bytes() == b"one\ntwo\n"
    check_golden("one\ntwo\n\n", golden, update=False)


def test_a_normaliser_applies_before_comparing(tmp_path):
    golden = tmp_path / "page.txt"
    golden.write_text("A B\n", encoding="utf-8")
    check_golden("a   b", golden, update=False, normalise=lambda text: " ".join(text.upper().split()))


def test_the_flag_has_both_spellings(pytestconfig):
    # getoption raises for an option nobody registered.
    assert pytestconfig.getoption("--update-goldens") == pytestconfig.getoption("--update-golden")


def test_normalised_text_ends_in_one_newline():
    assert normalise_text("x\n\n\n") == "x\n" and normalise_text(b"x") == "x\n"
