"""Folding and phonetic keys: spelling variants meet, real differences stay."""

from __future__ import annotations

import pytest

from liaison.matching.normalise import (
    MAX_NAME_LENGTH,
    MAX_TOKENS,
    fold_latin,
    name_keys,
    spellings,
    token_key,
)


def test_fold_strips_diacritics_and_d_bar() -> None:
    assert fold_latin("Lương Tam Quang") == "luong tam quang"
    assert fold_latin("Đặng  Thị-Đào") == "dang thi dao"
    assert fold_latin("Tô Lâm") == "to lam"


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("vanxay", "vansay", "x/s"),
        ("phommakone", "pommakone", "ph/p"),
        ("vongkham", "wongkham", "v/w"),
        ("phengxoumma", "phengxumma", "ou/u"),
        ("vilay", "vilai", "ay/ai"),
        ("thorng", "thong", "o/or"),
        ("kongthong", "gongthong", "k/g"),
        ("phongvichid", "phongvichit", "final t/d"),
        ("thoong", "thong", "doubled vowel"),
        ("phommakone", "phomakon", "doubled consonant, -one"),
        ("keo", "kaew", "final w, ae/e"),
        ("phongvijit", "phongvichit", "ch/j"),
        ("lakamphong", "lakhamphong", "kh/k"),
        ("souvanh", "souvan", "Lao -nh after two syllables"),
        ("keomany", "keomani", "final y"),
    ],
)
def test_key_folds_a_romanisation_variant(a: str, b: str, rule: str) -> None:
    assert token_key(a) == token_key(b), rule


@pytest.mark.parametrize(("a", "b"), [("an", "anh"), ("nam", "lam"), ("linh", "lin"), ("vinh", "minh")])
def test_key_keeps_real_differences(a: str, b: str) -> None:
    assert token_key(a) != token_key(b)


def test_keys_are_plain_lower_case_ascii() -> None:
    for name in ["Nguyễn Văn Anh", "ກົງທອງ ພົງວິຈິດ", "Ngô Chí Thanh"]:
        for tokens in name_keys(name):
            assert all(t.isascii() and t.islower() and t.isalnum() for t in tokens)


def test_lao_script_and_press_spelling_share_a_key() -> None:
    assert name_keys("Kongthong Phongvichit")[0] in name_keys("ກົງທອງ ພົງວິຈິດ")


def test_over_long_input_is_truncated() -> None:
    assert len(spellings("a" * 10_000)[0]) == MAX_NAME_LENGTH
    assert len(name_keys("an " * 5_000)[0]) == MAX_TOKENS


def test_other_scripts_go_through_anyascii() -> None:
    assert spellings("Иван") == ["ivan"]
