"""Vietnamese number formatting, exact fractions, level order."""

from decimal import Decimal
from fractions import Fraction

import pytest

from xeploai.rules import at_least, best, is_better, worst
from xeploai.rules.exact import fraction_to_str, parse_fraction
from xeploai.rules.text import format_number, format_percent, vote_sentence


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(2, 3) * 16, "10,67"),  # DOMAIN §3.6
        (16, "16"),
        (Fraction(17, 2), "8,5"),
        (Fraction(15, 100) * 20, "3"),  # 15 % of 20 is 3, exactly
        (Fraction(1, 200), "0,01"),  # half up
        (Decimal("92.5"), "92,5"),
        (1234567, "1.234.567"),
        (Fraction(-1, 3), "-0,33"),
    ],
)
def test_format_number(value, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("share", "text"),
    [(Fraction(2, 15), "13,33 %"), (Fraction(1, 5), "20 %"), (Fraction(1, 3), "33,33 %"), (1, "100 %")],
)
def test_format_percent(share, text: str) -> None:
    assert format_percent(share) == text


def test_vote_sentence() -> None:
    assert (
        vote_sentence("htxs", 12, 16, Fraction(2, 3), "gt", False)
        == "12/16 phiếu HTXS, cần trên 2/3 của 16 = trên 10,67"
    )
    assert (
        vote_sentence("htt", 9, 16, Fraction(1, 2), "gte", True)
        == "9/16 phiếu HTT trở lên (cộng dồn), cần từ 1/2 của 16 = từ 8"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2/3", Fraction(2, 3)),
        ("0.15", Fraction(3, 20)),
        ("0,15", Fraction(3, 20)),
        ("90", Fraction(90)),
        (" 1 / 2 ", Fraction(1, 2)),
        ("x", None),
        ("1/0", None),
        ("nan", None),
        (True, None),
        (0.1, Fraction(1, 10)),
    ],
)
def test_parse_fraction(text, value) -> None:
    assert parse_fraction(text) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(3, 20), "0.15"),
        (Fraction(2, 3), "2/3"),
        (Fraction(1, 2), "1/2"),
        (Fraction(185, 2), "92.5"),
        (Fraction(90), "90"),
        (Fraction(1, 4), "0.25"),
    ],
)
def test_fraction_to_str_round_trips(value: Fraction, text: str) -> None:
    assert fraction_to_str(value) == text
    assert parse_fraction(text) == value


def test_level_order() -> None:
    assert is_better("htxs", "htt") and not is_better("tsvm", "htxs")
    assert at_least("ht", "ht") and not at_least("kht", "ht")
    assert worst(["htxs", "ht", "htt"]) == "ht"
    assert best(["ht", "yeu_kem", "htt"]) == "htt"
