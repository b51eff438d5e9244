"""Vietnamese name ordering: by given name, then family and middle names; tones break ties."""

import pytest

from xeploai.lib.vnsort import given_name, name_sort_key


def ordered(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


def test_it_sorts_by_given_name_first():
    assert ordered(["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Cúc"]) == ["Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc"]


def test_it_breaks_given_name_ties_by_family_then_middle_name():
    assert ordered(["Trần Văn An", "Lê Văn An", "Lê Thị An"]) == ["Lê Thị An", "Lê Văn An", "Trần Văn An"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Nguyễn An", "Nguyễn Ăn"),   # a < ă
        ("Nguyễn Ăn", "Nguyễn Ân"),   # ă < â
        ("Nguyễn Dung", "Nguyễn Đông"),  # d < đ
        ("Nguyễn Cường", "Nguyễn Dũng"),  # letters decide before tones
        ("Nguyễn Ơn", "Nguyễn Phong"),  # ơ after o, before p
        ("Nguyễn Uyên", "Nguyễn Ưng"),  # u < ư
        ("Nguyễn An", "Nguyễn Anh"),  # a shorter word first
        ("Lê Hòa", "Lê Hỏa"),  # tones: ngang < huyền < hỏi < ngã < sắc < nặng
        ("Lê Hỏa", "Lê Hõa"),
        ("Lê Hõa", "Lê Hóa"),
        ("Lê Hóa", "Lê Họa"),
        ("Nguyễn An", "Nguyễn Thị An"),  # a shorter rest of name first
    ],
)
def test_vietnamese_alphabet_and_tone_order(first, second):
    assert name_sort_key(first) < name_sort_key(second)


def test_tone_of_the_given_name_counts_before_the_family_name():
    # All the Anh come before every Ánh, whatever their family names.
    assert ordered(["Lê Ánh", "Phạm Anh", "Ngô Anh"]) == ["Ngô Anh", "Phạm Anh", "Lê Ánh"]


def test_decomposed_and_composed_input_sort_alike():
    import unicodedata

    name = "Nguyễn Thị Hường"
    assert name_sort_key(unicodedata.normalize("NFD", name)) == name_sort_key(name)


def test_the_icelandic_eth_typed_for_d_with_stroke_sorts_as_d_with_stroke():
    assert name_sort_key("Võ Ðức") == name_sort_key("Võ Đức")


def test_key_is_ascii_digits_so_any_database_collation_orders_it():
    key = name_sort_key("Đặng Thị Ngọc Nga")
    assert key.isdigit() and key.isascii()


def test_given_name():
    assert given_name("  Nguyễn Thị   Ngọc Nga ") == "Nga"
    assert name_sort_key("") == ""
