"""The whole review as its four people carry it out in the browser, and the history it leaves, row by row.

open (committee) → self-reviews (members, secretary) → tally (secretary) → submit with the checklist → return →
submit again → appraise → decide the member left "cần quyết định" → recognise → annul and re-classify (form 03).
"""

from __future__ import annotations

import re

from django.urls import reverse

from tests.conftest import make_member, make_user
from tests.reviews.conftest import make_period
from xeploai.reviews.records import MemberReview, Reclassification, UnitReview


def test_the_whole_flow_and_its_history(client, tree):
    period = make_period(tree.committee)
    second = make_member(tree.cell_a, "Lê Thị Hồng")
    third = make_member(tree.cell_a, "Phan Văn Khải")
    second_user = make_user("dangvien-hong", ("member", tree.cell_a), member=second)
    p, cell = period.pk, "chi-bo-a"

    client.force_login(tree.office)  # the committee opens the period for its whole subtree
    client.post(reverse("reviews:open", args=[p, "dang-uy"]), {"ca-cay": "1"})
    reviews = {r.member_id: r for r in MemberReview.objects.filter(period=period)}
    assert set(reviews) == {tree.member_a.pk, second.pk, third.pk, tree.member_b.pk}

    for user, member in ((tree.member_user, tree.member_a), (second_user, second)):  # members write their own
        client.force_login(user)
        review = MemberReview.objects.get(period=period, member=member)
        client.post(reverse("reviews:self_review", args=[p, member.pk]),
                    {"duties": "Hoàn thành nhiệm vụ", "self_proposed_level": "htt", "nop": "1",
                     "version": review.version})

    client.force_login(tree.secretary_a)  # the tally: no majority for Phan Văn Khải
    rows = {r.member_id: r for r in MemberReview.objects.filter(period=period, unit=tree.cell_a)}
    tally = {"official_members": 3, "official_present": 3, "ballots_cast": 3, "meeting_date": "25/11/2014",
             "version": UnitReview.objects.get(period=period, unit=tree.cell_a).version}
    for member_id, votes in ((tree.member_a.pk, (0, 3, 0, 0)), (second.pk, (0, 3, 0, 0)), (third.pk, (0, 1, 0, 1))):
        tally |= {f"v{rows[member_id].pk}_{level}": n for level, n in zip(("htxs", "htt", "ht", "kht"), votes,
                                                                            strict=True)}
    assert client.post(reverse("reviews:tally", args=[p, cell]), tally).status_code == 302
    assert MemberReview.objects.get(period=period, member=third).result_status == "needs_decision"

    submit = reverse("reviews:submit", args=[p, cell])  # refused while one awaits a decision
    assert "cần quyết định mức" in client.get(submit).content.decode()
    client.post(reverse("reviews:decide_member", args=[p, third.pk]),
                {"level": "ht", "note": "Chi bộ biểu quyết lại ngày 26/11/2014"})
    assert client.post(submit, {"confirm": "on", "note": "Giấy tờ bổ sung trước 30/11"}).status_code == 302

    client.force_login(tree.office)
    client.post(reverse("reviews:return", args=[p, cell]), {"reason": "Thiếu nhận xét nơi cư trú của 3 đồng chí"})
    client.force_login(tree.secretary_a)
    client.post(submit, {"confirm": "on", "note": "Đã bổ sung nhận xét nơi cư trú"})

    client.force_login(tree.office)
    assert client.get(reverse("reviews:appraisal", args=[p, "dang-uy"])).status_code == 200
    assert client.post(reverse("reviews:recognise", args=[p, cell]), {"confirm": "on"}).status_code == 302
    unit_review = UnitReview.objects.get(period=period, unit=tree.cell_a)
    assert unit_review.status == "recognised"
    khai = MemberReview.objects.get(period=period, member=third)
    client.post(reverse("reviews:reclassify", args=[p, cell]),
                {"target": str(khai.pk), "new_level": "htt", "reason": "Kết luận kiểm tra ngày 10/01/2015",
                 "decision_number": "05-QĐ/ĐU", "confirm": "on"})
    assert Reclassification.objects.get().new_level == "htt"

    unit_rows = [(h.history_user.username if h.history_user else None, h.history_change_reason, h.status)
                 for h in unit_review.history.order_by("history_date", "history_id")]
    assert unit_rows == [
        ("vanphong", "Mở kỳ kiểm điểm", "draft"),
        ("bithu-a", "Nhập kết quả kiểm phiếu", "draft"),
        ("bithu-a", "Gửi cấp trên (ghi chú: Giấy tờ bổ sung trước 30/11)", "submitted"),
        ("vanphong", "Trả lại: Thiếu nhận xét nơi cư trú của 3 đồng chí", "returned"),
        ("bithu-a", "Gửi cấp trên (ghi chú: Đã bổ sung nhận xét nơi cư trú)", "submitted"),
        ("vanphong", "Công nhận kết quả", "recognised"),
    ]
    khai_rows = [(h.history_user.username if h.history_user else None, h.history_change_reason, h.level,
                  h.decided_level) for h in khai.history.order_by("history_date", "history_id")]
    assert khai_rows == [
        ("vanphong", "Đưa vào danh sách kỳ kiểm điểm", "", ""),
        ("vanphong", "Xếp loại theo số liệu khi mở kỳ", "", ""),
        ("bithu-a", "Nhập kết quả kiểm phiếu", "", ""),
        ("bithu-a", "Quyết định mức ht: Chi bộ biểu quyết lại ngày 26/11/2014", "", ""),
        ("bithu-a", "Xếp loại lại sau quyết định", "ht", ""),
        ("vanphong", "Công nhận kết quả", "ht", "ht"),
        ("vanphong", "Hủy kết quả ht, xếp loại lại htt: Kết luận kiểm tra ngày 10/01/2015", "ht", "htt"),
    ]

    page = client.get(reverse("reviews:member_review_history", args=[p, third.pk])).content.decode()
    assert "Hủy kết quả ht, xếp loại lại htt" in page and "05-QĐ/ĐU" in page
    assert re.search(r"Mức được công nhận.*?Hoàn thành nhiệm vụ.*?Hoàn thành tốt nhiệm vụ", page, re.S)
