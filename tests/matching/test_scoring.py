"""score, same_person and compare: the seed variants match, hard negatives do not."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liaison.matching import (
    HIT_THRESHOLD,
    REVIEW_THRESHOLD,
    Decision,
    Person,
    compare,
    same_person,
    score,
)

PAIRS = Path(__file__).parent.parent / "data" / "name_pairs.csv"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Luong Tam Quang", "Lương Tam Quang"),
        ("Kongthong Phongvichit", "Kong Thoong Phongvichit"),
        ("To Lam", "Tô Lâm"),
        ("ກົງທອງ ພົງວິຈິດ", "Kongthong Phongvichit"),
        ("ກົງທອງ ພົງວິຈິດ", "Kong Thoong Phongvichit"),
        ("Phongvichit Kongthong", "Kong Thoong Phongvichit"),
    ],
)
def test_seed_variants_match(a: str, b: str) -> None:
    assert same_person(a, b)
    assert score(a, b) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyen Van An", "Nguyen Van Anh"),
        ("Nguyễn Văn An", "Nguyễn Thị An"),  # brother and sister
        ("Nguyen Van An", "Tran Van An"),  # namesakes
        ("Vongkham Phommakone", "Vongkham Phommachanh"),  # Lao namesakes
        ("Kongthong Phongvichit", "Khamphanh Phongvichit"),  # relatives
        ("Bùi Thanh Nam", "Bùi Thanh Năm"),  # both wrote diacritics, and differently
        ("Kongthong Phongvichit", "Vongkham Phommakone"),
    ],
)
def test_hard_negatives_do_not_match(a: str, b: str) -> None:
    assert not same_person(a, b)


def test_a_left_out_middle_name_goes_to_review() -> None:
    assert REVIEW_THRESHOLD <= score("Nguyen An", "Nguyen Van An") < HIT_THRESHOLD


def test_labelled_set_meets_the_goal() -> None:
    with PAIRS.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 300
    assert all(row["source"] for row in rows)
    outcomes = [(same_person(r["a"], r["b"]), r["same"] == "true") for r in rows]
    tp = sum(p and t for p, t in outcomes)
    fp = sum(p and not t for p, t in outcomes)
    fn = sum(t and not p for p, t in outcomes)
    assert tp / (tp + fn) >= 0.98
    assert tp / (tp + fp) >= 0.95


names = st.text(alphabet=st.sampled_from("abcdeghiklmnopqrstuvxyăâđêôơư ຫກງທອພວິຈດົ"), min_size=0, max_size=30)


@settings(max_examples=300, deadline=None)
@given(names, names)
def test_score_is_symmetric_and_bounded(a: str, b: str) -> None:
    value = score(a, b)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(score(b, a))


@settings(max_examples=200, deadline=None)
@given(names)
def test_a_name_matches_itself(a: str) -> None:
    if score(a, a) > 0:
        assert score(a, a) == pytest.approx(1.0)


def test_hostile_input_is_cheap_and_bounded() -> None:
    started = time.perf_counter()
    for a, b in [
        ("x y " * 5_000, "y x " * 5_000),
        ("\x00\x1f\u202e", "Tô Lâm"),
        ("ກ" * 10_000, "ຂ" * 10_000),
    ]:
        assert 0.0 <= score(a, b) <= 1.0
    assert time.perf_counter() - started < 2.0


def test_empty_names_score_zero() -> None:
    assert score("", "Nguyen Van An") == 0.0
    assert score("!!!", "???") == 0.0


def test_compare_uses_the_qualifiers() -> None:
    held = Person(
        ("Nguyễn Văn An",), birth_date="1980-04-02", sex="M", nationality="VN", documents=("C1234567",)
    )
    same = compare(Person(("Nguyen Van An",), birth_date="1980-04-02", sex="M"), held)
    assert same.decision is Decision.HIT
    assert "birth date agrees" in same.reasons

    other_sex = compare(Person(("Nguyen Van An",), sex="F"), held)
    assert other_sex.decision is Decision.NO_HIT
    assert "sex differs" in other_sex.reasons

    other_year = compare(Person(("Nguyen Van An",), birth_date="1991"), held)
    assert other_year.decision is not Decision.HIT

    swapped_day = compare(Person(("Nguyen Van An",), birth_date="1980-02-04"), held)
    assert swapped_day.decision is Decision.REVIEW


def test_a_shared_document_number_brings_a_poor_name_to_review() -> None:
    held = Person(("ສົມສັກ ພົມມະຈັນ",), documents=("P 0123-456",))
    result = compare(Person(("S. Phommachan",), documents=("p0123456",)), held)
    assert result.decision in (Decision.REVIEW, Decision.HIT)
    assert "same document number" in result.reasons


def test_compare_keeps_the_diacritics_rule() -> None:
    result = compare(Person(("Bùi Thanh Nam",)), Person(("Bùi Thanh Năm",)))
    assert result.decision is Decision.REVIEW


def test_person_accepts_a_single_name_and_checks_dates() -> None:
    assert Person("Tô Lâm").names == ("Tô Lâm",)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="birth date"):
        Person(("Tô Lâm",), birth_date="02/04/1980")
