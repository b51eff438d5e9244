"""Search that finds Vietnamese names (issue 13, item 5) on both databases: case and accents aside, "Đ" as "d",
whatever Unicode form was typed or stored; units listed in Vietnamese letter order."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import make_member, make_org
from xeploai.lib.vnsort import normalise_name, search_key, text_sort_key
from xeploai.orgs.models import Member

NAMES = ["Nguyễn Văn Ánh", "ĐỖ THỊ HOA", "Trần Văn Đức", "Lê Thị Ngọc Ánh", "Nguyễn Văn A"]


def _found(client, unit_code: str, query: str) -> list[str]:
    url = reverse("unit_detail", kwargs={"code": unit_code})
    response = client.post(url, {"q": query})
    return sorted(m.full_name for m in client.get(response.url).context["page"])


@pytest.mark.parametrize(("query", "expected"), [
    ("nguyen van a", ["Nguyễn Văn A", "Nguyễn Văn Ánh"]),
    ("NGUYỄN", ["Nguyễn Văn A", "Nguyễn Văn Ánh"]),
    ("nguyễn", ["Nguyễn Văn A", "Nguyễn Văn Ánh"]),
    (unicodedata.normalize("NFD", "Ánh"), ["Lê Thị Ngọc Ánh", "Nguyễn Văn Ánh"]),
    ("anh", ["Lê Thị Ngọc Ánh", "Nguyễn Văn Ánh"]),
    ("do thi", ["ĐỖ THỊ HOA"]),
    ("đức", ["Trần Văn Đức"]),
    ("duc tran", ["Trần Văn Đức"]),  # every word, in any order
    ("  văn   ánh ", ["Nguyễn Văn Ánh"]),
    ("ngoc%", []),  # a wildcard typed is a character, not a pattern
    ("hoàng", []),
])
def test_names_are_found_without_case_accents_or_unicode_form(client, tree, query, expected):
    for name in NAMES:
        make_member(tree.cell_a, name)
    client.force_login(tree.secretary_a)
    assert _found(client, "chi-bo-a", query) == sorted(expected)


def test_a_name_stored_decomposed_is_stored_as_nfc_and_found(client, tree):
    member = make_member(tree.cell_a, unicodedata.normalize("NFD", "Phạm  Thị   Ánh"))
    member.refresh_from_db()
    assert member.full_name == "Phạm Thị Ánh" and unicodedata.is_normalized("NFC", member.full_name)
    client.force_login(tree.secretary_a)
    assert _found(client, "chi-bo-a", "Ánh") == ["Phạm Thị Ánh"]


def test_the_migration_fills_the_keys_of_existing_rows(tree):
    import importlib

    from django.apps import apps

    from xeploai.orgs.models import Organization

    migration = importlib.import_module("xeploai.orgs.migrations.0004_vietnamese_search_and_order")
    member = make_member(tree.cell_a, "Đặng Văn Ánh")
    Member.objects.filter(pk=member.pk).update(search_key="", full_name=unicodedata.normalize("NFD", "Đặng Văn Ánh"))
    Organization.objects.filter(pk=tree.cell_a.pk).update(name_key="")
    migration.fill(apps, None)
    member.refresh_from_db()
    assert member.search_key == "dang van anh" and member.full_name == "Đặng Văn Ánh"
    assert Organization.objects.get(pk=tree.cell_a.pk).name_key == text_sort_key("Chi bộ A")
    assert not Organization.objects.filter(name_key="").exists()


@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạ")), max_size=30))
def test_the_search_key_ignores_case_tones_and_form(text):
    key = search_key(text)
    assert key == search_key(text.upper()) == search_key(unicodedata.normalize("NFD", text))
    assert key.isascii() and "đ" not in key and key == " ".join(key.split())


def test_units_sort_the_vietnamese_way(client, tree):
    for code, name in [("zeta", "Chi bộ Zeta"), ("dao-tao", "Chi bộ Đào tạo"), ("dan-van", "Chi bộ Dân vận"),
                       ("anh-duong", "Chi bộ Ánh Dương")]:
        make_org(code, "chi_bo_truc_thuoc", tree.committee, name=name)
    client.force_login(tree.office)
    children = client.get(reverse("unit_detail", kwargs={"code": "dang-uy"})).context["children"]
    names = [child.name for child in children]
    assert names == sorted(names, key=text_sort_key)
    assert names.index("Chi bộ Dân vận") < names.index("Chi bộ Đào tạo") < names.index("Chi bộ Zeta")
    assert normalise_name(" Chi  bộ ") == "Chi bộ"
    assert Member.objects.filter(search_key="").count() == 0
