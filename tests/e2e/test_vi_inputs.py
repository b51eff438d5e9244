"""Typing as Vietnamese users type, in a real browser: a decimal comma in every kind of number field and dd/mm/yyyy
in every kind of date field, read back from the database and from the page.

One pass over the demo: the secretary's self-review, her facts, the cell's score grid, the unit's score and its
score sheet (2026, score basis); the tally of the 2023 school cell with its meeting date (a date outside the year
and a month/day swap are refused with the field named, nothing saved); the office's plan dates and a new step; the
administrator's rule-set editor (a share as "17,5 %", a band as "92,5", previewed then saved).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.management import call_command

from tests.e2e.test_review_flow import (  # noqa: F401 - fixtures and marks
    browser,
    fill_unanimous_tally,
    login,
    pytestmark,
    shoot,
)
from xeploai.orgs.models import Member
from xeploai.reviews.models import Milestone, ReviewPeriod, RuleSet
from xeploai.reviews.records import MemberReview, ScoreSheetLine, UnitReview
from xeploai.rules.ruleset import parse_ruleset


def _save(page, button: str, done: str) -> None:
    page.click(f"main button:has-text('{button}')")
    page.wait_for_load_state()
    assert done in page.content(), page.locator("main").inner_text()[:700]


def _secretary_2026(page, base: str) -> None:
    period = ReviewPeriod.objects.get(committee__code="db-thanh-tra-tp", year=2026)
    me = Member.objects.get(roles__user__username="bithu.phapche")
    review = lambda: MemberReview.objects.get(period=period, member=me)  # noqa: E731

    page.goto(f"{base}/ky/{period.pk}/dang-vien/{me.pk}/tu-kiem-diem/")
    page.fill("input[name=self_score_general]", "27,5")
    page.fill("input[name=self_score_tasks]", "62,5")
    _save(page, "Lưu nháp", "Đã lưu bản tự kiểm điểm")
    assert (review().self_score_general, review().self_score_tasks) == (Decimal("27.5"), Decimal("62.5"))
    assert page.input_value("input[name=self_score_general]") == "27,5"

    page.goto(f"{base}/ky/{period.pk}/dang-vien/{me.pk}/thong-tin/")
    page.fill("input[name=sick_leave_months]", "1,5")
    page.fill("input[name=low_confidence_share]", "0,25")
    page.fill("input[name=excused_absences]", "2")
    _save(page, "Lưu", "Đã lưu thông tin")
    assert review().sick_leave_months == Decimal("1.5") and review().low_confidence_share == Decimal("0.25")
    assert review().excused_absences == 2

    page.goto(f"{base}/ky/{period.pk}/cb-phap-che/cham-diem/")
    field = page.locator("input[name$='_cell_score']:not([disabled])").first
    name = field.get_attribute("name")
    field.fill("87,5")
    _save(page, "Lưu và xếp loại", "Đã lưu điểm")
    scored = MemberReview.objects.get(pk=int(name[1:].split("_")[0]))
    assert scored.cell_score == Decimal("87.5")
    page.goto(f"{base}/ky/{period.pk}/cb-phap-che/cham-diem/")
    assert page.input_value(f"input[name={name}]") == "87,5"
    page.fill(f"input[name={name}]", "27,5,1")
    page.click("main button:has-text('Lưu và xếp loại')")
    assert "nhập một số" in page.content() and MemberReview.objects.get(pk=scored.pk).cell_score == Decimal("87.5")
    assert page.evaluate("document.activeElement.name") == name  # focus on the first field to correct
    assert page.get_attribute(f"input[name={name}]", "aria-invalid") == "true"

    page.goto(f"{base}/ky/{period.pk}/cb-phap-che/to-chuc/")
    page.fill("input[name=self_score]", "92,5")
    _save(page, "Lưu và xếp loại", "Đã lưu thông tin tổ chức")
    assert UnitReview.objects.get(period=period, unit__code="cb-phap-che").self_score == Decimal("92.5")

    page.goto(f"{base}/ky/{period.pk}/cb-phap-che/bieu-diem/")
    top = Decimal(page.input_value("input[name=dong-0-max_points]").replace(",", "."))
    page.fill("input[name=dong-0-self_points]", "7,5")
    page.fill("input[name=dong-0-ded_points]", str(top - Decimal("7.5")).replace(".", ","))  # explained below
    page.fill("input[name=dong-0-ded_criterion]", "Chậm triển khai nghị quyết")
    page.fill("input[name=dong-0-ded_reason]", "Thiếu cán bộ trong quý III")
    page.fill("input[name=dong-0-ded_remedy]", "Bổ sung kế hoạch quý I")
    _save(page, "Lưu biểu điểm", "Đã lưu biểu điểm")
    line = ScoreSheetLine.objects.filter(review__period=period, review__unit__code="cb-phap-che").order_by("order")[0]
    assert line.self_points == Decimal("7.5")


def _tally_2023(page, base: str) -> None:
    period = ReviewPeriod.objects.get(committee__code="cb-thpt-so-2-phu-cat", year=2023)
    page.goto(f"{base}/ky/{period.pk}/cb-thpt-so-2-phu-cat/")
    if page.locator("button:has-text('Mở kỳ kiểm điểm')").count():
        page.click("button:has-text('Mở kỳ kiểm điểm')")
    page.goto(f"{base}/ky/{period.pk}/cb-thpt-so-2-phu-cat/kiem-phieu/")
    fill_unanimous_tally(page)
    unit = lambda: UnitReview.objects.get(period=period, unit__code="cb-thpt-so-2-phu-cat")  # noqa: E731
    before = unit().meeting_date
    for typed, words in (("31/12/9999", "Ngày họp: phải từ 01/01/2023 đến 31/12/2023"),
                         ("12/31/2023", "không có ngày 12/31/2023")):
        page.fill("input[name=meeting_date]", typed)
        page.click("main button:has-text('Lưu và xếp loại')")
        assert words in page.content(), page.locator("main").inner_text()[:1500]
        assert unit().meeting_date == before
    page.fill("input[name=meeting_date]", "05/12/2023")  # 5 December, not 12 May
    _save(page, "Lưu và xếp loại", "Đã lưu kết quả kiểm phiếu")
    assert unit().meeting_date == date(2023, 12, 5)
    page.goto(f"{base}/ky/{period.pk}/cb-thpt-so-2-phu-cat/kiem-phieu/")
    assert page.input_value("input[name=meeting_date]") == "05/12/2023"
    page.evaluate("""() => { const n = document.querySelector('.xl-date-native');
        n.value = '2023-12-06'; n.dispatchEvent(new Event('change')); }""")  # the calendar writes dd/mm/yyyy
    assert page.input_value("input[name=meeting_date]") == "06/12/2023"


def _office_plan(page, base: str) -> None:
    period = ReviewPeriod.objects.get(committee__code="db-thanh-tra-tp", year=2026)
    page.goto(f"{base}/theo-doi/ke-hoach/{period.pk}/sua/")
    page.fill("input[name=plan_date]", "02/11/2026")
    _save(page, "Lưu", "Đã lưu kế hoạch")
    period.refresh_from_db()
    assert period.plan_date == date(2026, 11, 2)
    page.goto(f"{base}/theo-doi/ke-hoach/{period.pk}/")
    page.fill("textarea[name=title]", "Gửi báo cáo bổ sung về Đảng ủy Khối")
    page.fill("input[name=start]", "03/12/2026")
    page.fill("input[name=due]", "09/12/2026")
    _save(page, "Thêm bước", "Gửi báo cáo bổ sung")
    step = Milestone.objects.get(period=period, title="Gửi báo cáo bổ sung về Đảng ủy Khối")
    assert (step.start, step.due) == (date(2026, 12, 3), date(2026, 12, 9))


def _admin_ruleset(page, base: str) -> None:
    page.goto(f"{base}/theo-doi/bo-quy-tac/tao/?tu=lamdong-2021")
    page.fill("input[name=code]", "lamdong-2026-thu")
    page.fill("input[name=m_quota_fraction]", "17,5 %")
    page.fill("input[name=m_band_htxs]", "92,5")
    page.click("button[name=preview]")
    assert "Xem trước trên chi bộ mẫu" in page.content()
    assert RuleSet.objects.filter(code="lamdong-2026-thu").count() == 0
    shoot(page, "ruleset-preview")
    _save(page, "Lưu", "Đã tạo bộ quy tắc")
    stored = parse_ruleset(RuleSet.objects.get(code="lamdong-2026-thu").params)
    assert stored.member.quota.fraction == Fraction(7, 40)
    assert stored.member.score.bands[0].min_score == Fraction(185, 2)
    assert page.input_value("input[name=m_quota_fraction]") == "17,5 %"


def test_decimal_commas_and_dates_are_stored_as_typed(live_server, browser):  # noqa: F811
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    base = live_server.url
    _secretary_2026(login(browser, base, "bithu.phapche", width=390), base)
    _tally_2023(login(browser, base, "bithu.thpt2", width=390), base)
    _office_plan(login(browser, base, "vanphong"), base)
    _admin_ruleset(login(browser, base, "quantri"), base)
