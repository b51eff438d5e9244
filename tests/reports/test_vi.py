"""Dates in words, percentages and file names for the printed forms (no database)."""

from datetime import date
from fractions import Fraction

import pytest

from xeploai.reports import vi


@pytest.mark.parametrize(("day", "words"), [
    (date(2014, 11, 25), "ngày 25 tháng 11 năm 2014"),
    (date(2014, 11, 4), "ngày 04 tháng 11 năm 2014"),  # 000: "ngày 04 tháng 11 năm 2014"
    (date(2025, 2, 9), "ngày 09 tháng 02 năm 2025"),  # months 1 and 2 take a leading zero
    (date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
])
def test_it_writes_dates_in_words_as_party_documents_do(day, words):
    assert vi.date_in_words(day) == words


def test_place_and_date_reads_like_plan_146():
    assert vi.place_and_date("TP. Hồ Chí Minh", date(2014, 11, 25)) == "TP. Hồ Chí Minh, ngày 25 tháng 11 năm 2014"


def test_a_missing_date_leaves_room_to_write_it_by_hand():
    assert vi.place_and_date("Phù Cát", None, 2023) == "Phù Cát, ngày .... tháng .... năm 2023"


def test_shares_use_the_decimal_comma_and_a_space_before_the_sign():
    assert vi.share(2, 15) == "13,33 %"
    assert vi.share(1, 5) == "20 %"
    assert vi.share(0, 0) == "—"
    assert vi.format_percent(Fraction(2, 3)) == "66,67 %"


@pytest.mark.parametrize(("text", "slug"), [
    ("Chi bộ Phòng Pháp chế", "chi-bo-phong-phap-che"),
    ("Đảng ủy Thanh tra TP", "dang-uy-thanh-tra-tp"),
    ("Nguyễn Thị Thu Tuyết", "nguyen-thi-thu-tuyet"),
    ("../../etc/passwd", "etc-passwd"),
    ("***", "tai-lieu"),
])
def test_file_names_are_ascii_slugs_of_the_vietnamese(text, slug):
    assert vi.slug(text) == slug


def test_upper_case_keeps_every_diacritic():
    assert vi.upper("Đảng bộ Khối Dân – Chính – Đảng TP") == "ĐẢNG BỘ KHỐI DÂN – CHÍNH – ĐẢNG TP"
