"""The committee's pools in the web app (QĐ 366 Điều 11 k.1.5, DOMAIN §3.4a): cells propose, the committee keeps.

Two cells, each alone allowed no HTXS, whose pool allows some; the program's figures agree with `manage.py
classify` on the same pool file; decisions are all or nothing, never above the quota, reasoned when they differ;
recognising waits for them; the pages by role; the summary's PDF and workbook show each pool.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import make_member
from xeploai.reviews import pools, services
from xeploai.reviews.records import MemberReview, UnitReview
from xeploai.rules import PRESETS
from xeploai.rules.pool import classify_pool_dict

ON_TIME = {"tasks_total": 10, "tasks_done": 10, "tasks_on_time": 10, "tasks_exceeded": 4, "shortcomings_total": 1,
           "shortcomings_fixed": 1}


def _fill(period, cell, scores: list[int], category: str = "2B") -> list[MemberReview]:
    from tests.conftest import open_roster, period_opener

    for i, _ in enumerate(scores):
        make_member(cell, f"Phạm Văn {cell.code[-1].upper()}{i:02d}", category=category)
    roster = open_roster(period, cell)
    rows = [r for r in roster if r.member.full_name.startswith("Phạm")]
    values = {r.pk: {"cell_score": Decimal(s), **ON_TIME} for r, s in zip(rows, scores, strict=True)}
    values |= {r.pk: {"cell_score": Decimal(60), **ON_TIME} for r in roster if r not in rows}  # the tree's own: HT
    services.save_scores(period=period, unit=cell, values=values,
                         version=services.find_unit_review(period, cell).version, user=period_opener())
    return list(MemberReview.objects.filter(pk__in=[r.pk for r in rows]).order_by("member__full_name"))


def _submit(period, cell) -> None:
    from tests.conftest import period_opener

    services.submit_unit(services.find_unit_review(period, cell), user=period_opener(), confirmed=True,
                         note="giấy tờ bổ sung sau")


@pytest.fixture
def pooled(tree, score_period):
    """Cell A: 2 candidates (99, 97) and 3 at HTT; cell B: 2 candidates (98, 96) and 3 at HTT; both submitted.
    In one cell k ≤ ⌊20 % × (5 − k)⌋ keeps 0; over the pool k ≤ ⌊20 % × (10 − k)⌋ keeps 1."""
    a = _fill(score_period, tree.cell_a, [99, 97, 80, 80, 80])
    b = _fill(score_period, tree.cell_b, [98, 96, 80, 80, 80])
    _submit(score_period, tree.cell_a)
    _submit(score_period, tree.cell_b)
    return score_period, a, b


def _view(period, code="2B") -> pools.PoolView:
    return next(v for v in pools.pool_views(period, services.parsed_ruleset(period)) if v.pool.code == code)


def test_cells_propose_htxs_without_a_quota_of_their_own(pooled):
    period, a, _ = pooled
    best = MemberReview.objects.get(pk=a[0].pk)
    assert best.pool_candidate and best.level == "htxs" and best.pool_kept is None
    assert best.reasons[-1]["code"] == "pool_candidate" and "nhóm 2B" in best.reasons[-1]["text"]
    assert not any(r["code"] == "quota_exceeded" for r in MemberReview.objects.get(pk=a[1].pk).reasons)
    assert UnitReview.objects.get(period=period, unit=a[0].unit).member_quota is None


def test_the_pool_figures_are_the_engines(pooled, tree):
    period, a, b = pooled
    view = _view(period)
    assert (view.at_htt, len(view.candidates), view.allowed, view.proposed_kept) == (6, 4, 1, 1)
    # the tree's own members are at HT: not in the base
    assert [c.member_name for c in view.candidates] == [a[0].member.full_name, b[0].member.full_name,
                                                        a[1].member.full_name, b[1].member.full_name]
    assert [c.proposal for c in view.candidates] == ["keep", "drop", "drop", "drop"]
    cells = []
    for rows in (a, b):
        members = [{"id": r.pk, "score": float(r.cell_score), "tasks": {"total": 10, "done": 10, "on_time": 10,
                                                                         "exceeded": 4}} for r in rows]
        cells.append({"unit": {"code": rows[0].unit.code}, "members": members})
    engine = classify_pool_dict({"ruleset": "qd366-2025", "review_date": "2026-12-04", "pool": {"code": "2B"},
                                 "cells": cells}, PRESETS["qd366-2025"])["pool_quota"]
    assert (engine["allowed"], engine["kept"], engine["base"]) == (view.allowed, view.proposed_kept, view.base)
    assert pools.allowed_sentence(view) == "tối đa 1 (20 % của 9 = 1,8, làm tròn xuống 1)"


def test_keeping_the_proposal_decides_every_candidate(pooled):
    period, a, b = pooled
    view = _view(period)
    changed = pools.save_decisions(period, services.parsed_ruleset(period), "2B", pools.proposal_choices(view),
                                   user=None)
    assert changed == 4
    best, dropped = MemberReview.objects.get(pk=a[0].pk), MemberReview.objects.get(pk=b[0].pk)
    assert (best.level, best.pool_kept, best.pool_code) == ("htxs", True, "2B")
    assert (dropped.level, dropped.pool_kept) == ("htt", False)
    assert dropped.reasons[-1]["code"] == "quota_exceeded" and "tối đa 1" in dropped.reasons[-1]["text"]
    assert "nhóm 2B" in dropped.history.first().history_change_reason
    assert _view(period).kept == 1 and _view(period).undecided == 0


def test_a_choice_against_the_proposal_needs_a_reason_and_never_exceeds_the_quota(pooled):
    period, a, b = pooled
    ruleset = services.parsed_ruleset(period)
    before = list(MemberReview.objects.order_by("pk").values_list("level", "pool_kept"))
    swap = {a[0].pk: pools.Choice(False), b[0].pk: pools.Choice(True)}
    with pytest.raises(pools.PoolError) as error:
        pools.save_decisions(period, ruleset, "2B", swap, user=None)
    assert {field for field, _ in error.value.problems} == {f"c{a[0].pk}-note", f"c{b[0].pk}-note"}
    both = {a[0].pk: pools.Choice(True), b[0].pk: pools.Choice(True, "thành tích nổi bật trong năm")}
    with pytest.raises(pools.PoolError) as error:
        pools.save_decisions(period, ruleset, "2B", both, user=None)
    assert "tối đa 1" in error.value.problems[-1][1] and "giữ 2" in error.value.problems[-1][1]
    assert list(MemberReview.objects.order_by("pk").values_list("level", "pool_kept")) == before  # nothing saved
    reasoned = {a[0].pk: pools.Choice(False, "đã đủ chỉ tiêu khối"), b[0].pk: pools.Choice(True, "bằng khen của UBND")}
    pools.save_decisions(period, ruleset, "2B", reasoned, user=None)
    kept = MemberReview.objects.get(pk=b[0].pk)
    assert kept.level == "htxs" and kept.pool_note == "bằng khen của UBND"
    assert "bằng khen của UBND" in kept.reasons[-1]["text"]


def test_candidates_of_a_cell_still_at_work_are_counted_but_not_decided(tree, score_period):
    a = _fill(score_period, tree.cell_a, [99, 80, 80, 80, 80])
    b = _fill(score_period, tree.cell_b, [98, 80, 80, 80, 80])
    _submit(score_period, tree.cell_a)
    view = _view(score_period)
    assert len(view.candidates) == 2 and not next(c for c in view.candidates if c.review_id == b[0].pk).decidable
    with pytest.raises(pools.PoolError) as error:
        pools.save_decisions(score_period, services.parsed_ruleset(score_period), "2B",
                             {b[0].pk: pools.Choice(True)}, user=None)
    assert "chưa gửi" in error.value.problems[0][1]
    assert set(pools.proposal_choices(view)) == {a[0].pk}


def test_recognising_waits_for_the_committees_decision(pooled, tree):
    period, a, _ = pooled
    with pytest.raises(services.ReviewError) as error:
        services.recognise_unit(services.find_unit_review(period, tree.cell_a), user=tree.admin)
    assert "chưa được cấp ủy xét theo nhóm" in error.value.problems[0][1]
    pools.save_decisions(period, services.parsed_ruleset(period), "2B", pools.proposal_choices(_view(period)),
                         user=None)
    services.recognise_unit(services.find_unit_review(period, tree.cell_a), user=tree.admin)
    assert MemberReview.objects.get(pk=a[0].pk).decided_level == "htxs"
    view = _view(period)
    assert not next(c for c in view.candidates if c.review_id == a[0].pk).decidable


def test_a_new_score_keeps_the_decision_while_still_a_candidate_and_drops_it_otherwise(pooled, tree):
    from tests.conftest import period_opener

    period, _, b = pooled
    pools.save_decisions(period, services.parsed_ruleset(period), "2B", pools.proposal_choices(_view(period)),
                         user=None)
    services.return_unit(services.find_unit_review(period, tree.cell_b), reason="bổ sung", user=tree.admin)
    unit = services.find_unit_review(period, tree.cell_b)
    services.save_scores(period=period, unit=tree.cell_b, values={b[1].pk: {"cell_score": Decimal(85)}},
                         version=unit.version, user=period_opener())
    assert MemberReview.objects.get(pk=b[0].pk).pool_kept is False  # unchanged member keeps the decision
    moved = MemberReview.objects.get(pk=b[1].pk)
    assert (moved.pool_candidate, moved.pool_kept, moved.level) == (False, None, "htt")


def test_pools_are_merged_split_and_checked(pooled, tree):
    period, a, b = pooled
    rows = [
        {"code": "2B-A", "name": "Khối A", "categories": ["2B"], "unit_codes": ["chi-bo-a"], "outstanding": True},
        {"code": "2BC", "name": "Trong và ngoài hệ thống", "categories": ["2B", "2C"], "unit_codes": [],
         "outstanding": False},
        {"code": "2A", "name": "Lãnh đạo", "categories": ["2A"], "unit_codes": [], "outstanding": False},
    ]
    pools.save_pools(period, rows, user=tree.admin)
    views = {v.pool.code: v for v in pools.pool_views(period, services.parsed_ruleset(period))}
    assert {c.review_id for c in views["2B-A"].candidates} == {a[0].pk, a[1].pk}
    assert {c.review_id for c in views["2BC"].candidates} == {b[0].pk, b[1].pk}
    assert views["2B-A"].fraction == pytest.approx(0.25)
    assert period.pools.get(code="2BC").history.count() == 1
    bad = [{**rows[1], "categories": ["2B"]}, {**rows[0], "unit_codes": ["khong-co"], "code": "2BC"}]
    with pytest.raises(pools.PoolError) as error:
        pools.save_pools(period, bad, user=tree.admin)
    messages = " ".join(m for _, m in error.value.problems)
    assert "đã dùng" in messages and "khong-co" in messages and "2A, 2C chưa thuộc nhóm nào" in messages
    assert period.pools.count() == 3  # nothing saved


@pytest.mark.parametrize(("persona", "code", "status"), [
    ("office", "dang-uy", 200), ("admin", "dang-uy", 200), ("office_other", "dang-uy", 404),
    ("secretary_a", "dang-uy", 404),  # the committee is outside a cell secretary's subtree
    ("secretary_a", "chi-bo-a", 403), ("member_user", "chi-bo-a", 403),  # their own cell: not an office
])
def test_the_calibration_page_by_role(client, tree, pooled, persona, code, status):
    period = pooled[0]
    client.force_login(getattr(tree, persona))
    for name in ("reviews:pool_decide", "reviews:pools"):
        response = client.get(reverse(name, args=[period.pk, code]))
        assert response.status_code == status, name
    if code == "dang-uy" and status == 200:
        page = client.get(reverse("reviews:pool_decide", args=[period.pk, "dang-uy"]) + "?nhom=2B").content.decode()
        assert "tối đa 1 (20 % của 9 = 1,8, làm tròn xuống 1)" in page and "Phạm Văn A00" in page


def test_posting_over_the_quota_shows_every_problem_and_saves_nothing(client, tree, pooled):
    period, a, b = pooled
    client.force_login(tree.office)
    url = reverse("reviews:pool_decide", args=[period.pk, "dang-uy"])
    data = {"nhom": "2B", "action": "save", f"c{a[0].pk}": "keep", f"c{b[0].pk}": "keep", f"c{a[1].pk}": "drop"}
    before = MemberReview.history.count()
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa lưu được" in page and "lựa chọn này giữ 2" in page and 'aria-invalid="true"' in page
    assert MemberReview.history.count() == before
    data[f"c{b[0].pk}"] = "drop"
    assert client.post(url, data).status_code == 302
    assert MemberReview.objects.get(pk=a[1].pk).pool_kept is False


def test_the_page_at_a_unit_that_does_not_decide_says_who_does(client, tree, pooled):
    client.force_login(tree.office)
    response = client.get(reverse("reviews:pool_decide", args=[pooled[0].pk, "chi-bo-a"]))
    assert response.status_code == 200 and "xét chung theo nhóm" in response.content.decode()


def test_the_summary_pdf_and_workbook_show_each_pool(client, tree, pooled):
    import openpyxl

    period, a, b = pooled
    reasoned = {a[0].pk: pools.Choice(False, "đã đủ chỉ tiêu khối"), b[0].pk: pools.Choice(True, "bằng khen")}
    pools.save_decisions(period, services.parsed_ruleset(period), "2B", reasoned, user=None)
    from xeploai.reports.data.summary import committee_summary

    doc = committee_summary(period, tree.committee, period.review_date, with_pools=True)
    line = next(p for p in doc.pools if p.code == "2B")
    assert (line.candidates, line.limit, line.kept, line.dropped, line.undecided) == (4, 1, 1, 1, 2)
    assert {c.note for c in line.changes} == {"đã đủ chỉ tiêu khối", "bằng khen"}
    from xeploai.reports import xlsx

    target = io.BytesIO()
    xlsx.summary_workbook(doc, [], target)
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue()))["Chỉ tiêu HTXS theo nhóm"]
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["2B: Đảng viên công tác trong hệ thống chính trị", 6, 4,
            "tối đa 1 (20 % của 9 = 1,8, làm tròn xuống 1)", 1, 1, 2] in values
    assert any("bằng khen" in row for row in values)
    from tests.reports.conftest import pdf_text
    from xeploai.reports import pdf

    text = pdf_text(pdf.render_pdf("summary", doc, "Báo cáo tổng hợp"))
    assert "Chỉ tiêu HTXS theo nhóm đối tượng" in text and "tối đa 1 (20 % của 9 = 1,8, làm tròn xuống 1)" in text


def test_under_qd366_a_new_member_is_left_out_of_the_review(client, tree, score_period):
    from datetime import date

    from tests.conftest import open_roster

    new = make_member(tree.cell_a, "Hoàng Thị Mới", admitted_on=date(2026, 8, 1), official_on=None)
    open_roster(score_period, tree.cell_a)
    review = MemberReview.objects.get(period=score_period, member=new)
    assert review.result_status == "not_rated" and "chưa kiểm điểm" in review.reasons[0]["text"]
    client.force_login(tree.secretary_a)
    page = client.get(reverse("reviews:unit_period", args=[score_period.pk, "chi-bo-a"])).content.decode()
    assert "Chưa kiểm điểm (kết nạp chưa đủ 6 tháng)" in page
    url = reverse("reviews:self_review", args=[score_period.pk, new.pk])
    assert "Quy định 366" in client.get(url).content.decode()
    before = review.version
    client.post(url, {"political_ideology": "x", "version": before, "nop": "1"})
    assert MemberReview.objects.get(pk=review.pk).version == before  # nothing written
    from xeploai.reviews.checklist import submission_checklist
    from xeploai.reviews.selectors import member_reviews

    checklist = submission_checklist(member_reviews(score_period, tree.cell_a))
    assert "Hoàng Thị Mới" not in checklist.self_reviews_missing
    assert all(name != "Hoàng Thị Mới" for name, _ in checklist.papers_missing)
