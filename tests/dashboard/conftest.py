"""A plan over the test tree (tests/conftest.py): the 2014 plan of 000 §VI, committee members, more personas."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import make_member, make_user
from xeploai.reviews.models import Milestone, ReviewPeriod, RuleSet
from xeploai.rules.presets import PRESETS

# 000 §VI.1, with the kinds of unit each step is for.
STEPS_2014 = [
    ("Quán triệt, triển khai kế hoạch; đảng viên viết bản kiểm điểm", [], date(2014, 11, 5), date(2014, 11, 7)),
    ("Thông qua dự thảo báo cáo kiểm điểm", [], date(2014, 11, 10), date(2014, 11, 12)),
    ("Chi bộ họp kiểm điểm, bỏ phiếu đánh giá chi bộ và đảng viên", ["chi_bo_truc_thuoc", "chi_bo_co_so"],
     date(2014, 11, 20), date(2014, 11, 28)),
    ("Đảng ủy thẩm định, đánh giá, phân loại chi bộ và đảng viên", ["dang_bo_co_so"], date(2014, 12, 1),
     date(2014, 12, 3)),
    ("Báo cáo Ban Thường vụ Thành ủy và Đảng ủy Khối", ["dang_bo_co_so"], date(2014, 12, 1), date(2014, 12, 4)),
]


def preset(code: str) -> RuleSet:
    params = PRESETS[code]
    ruleset, _ = RuleSet.objects.get_or_create(
        code=code, defaults={"name": params["name"], "params": params, "is_preset": True,
                             "description": params.get("description", "")}
    )
    return ruleset


def make_period(committee, year: int = 2014, code: str = "hcm-2014", steps=STEPS_2014, **fields) -> ReviewPeriod:
    fields.setdefault("plan_date", date(year, 11, 4))
    fields.setdefault("review_date", date(year, 11, 25))
    period = ReviewPeriod.objects.create(
        committee=committee, year=year, plan_number="146-KH/ĐU", issuing_body="Đảng ủy Thanh tra thành phố",
        title=f"Kế hoạch kiểm điểm năm {year}", ruleset=preset(code), **fields,
    )
    for order, (title, kinds, start, due) in enumerate(steps, start=1):
        Milestone.objects.create(period=period, order=order, title=title, unit_kinds=kinds,
                                 start=start.replace(year=year + start.year - 2014),
                                 due=due.replace(year=year + due.year - 2014))
    return period


@pytest.fixture
def plan_tree(tree):
    """The common tree, plus an office elsewhere and above, and the committee's elected members."""
    if not hasattr(tree, "office_other"):  # tests/conftest.py may already provide it
        tree.office_other = make_user("vanphong-khac", ("office", tree.other))
    tree.office_above = make_user("vanphong-tinh", ("office", tree.province))
    tree.secretary_committee = make_member(tree.cell_a, "Lê Thanh Tân")
    tree.secretary_committee.posts.create(title="bi_thu", unit=tree.committee)
    tree.deputy = make_member(tree.cell_b, "Lâm Đình Chiến")
    tree.deputy.posts.create(title="pho_bi_thu", unit=tree.committee)
    tree.period = make_period(tree.committee)
    return tree
