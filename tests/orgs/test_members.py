"""Members: Vietnamese ordering in the database, card numbers, official or probationary."""

from datetime import date

import pytest
from django.db import IntegrityError

from tests.conftest import make_member, make_org
from xeploai.orgs.models import Member


@pytest.fixture
def cell(db):
    return make_org("chi-bo", "chi_bo_truc_thuoc")


def test_the_database_orders_members_the_vietnamese_way(cell):
    for name in ["Lê Ánh", "Phạm Anh", "Nguyễn Văn An", "Trần Đức", "Bùi Dũng", "Hồ Ơn", "Võ Ân"]:
        make_member(cell, name)
    names = list(Member.objects.filter(unit=cell).values_list("full_name", flat=True))
    assert names == ["Nguyễn Văn An", "Phạm Anh", "Lê Ánh", "Võ Ân", "Bùi Dũng", "Trần Đức", "Hồ Ơn"]


def test_card_number_is_unique_when_given_and_optional(cell):
    make_member(cell, card_number="")
    make_member(cell, card_number=None)
    make_member(cell, card_number="79.123456")
    with pytest.raises(IntegrityError):
        make_member(cell, card_number="79.123456")


def test_probationary_member_has_no_official_date(cell):
    member = make_member(cell, "Đỗ Thị Hạnh", official_on=None, admitted_on=date(2026, 5, 1))
    assert not member.is_official and member.status_label == "Dự bị"
    assert list(Member.objects.probationary()) == [member]


def test_full_name_spaces_are_normalised(cell):
    member = make_member(cell, "  Nguyễn   Văn  An ")
    assert member.full_name == "Nguyễn Văn An"
    assert str(member) == "Nguyễn Văn An"
