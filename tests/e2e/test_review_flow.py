"""The review in a real browser: a secretary works through the 2026 review and submits; the office recognises.

Drives Debian's Chromium with Playwright against the live test server loaded with the demo data. Screenshots go to
screenshots/ (git-ignored), wide and 390 px narrow. Skipped, with the reason printed, only where Chromium is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from xeploai.orgs.models import Member
from xeploai.reviews.models import ReviewPeriod
from xeploai.reviews.records import UnitReview

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PASSWORD = "XepLoai@2026"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM, reason="Chromium không có trên máy (scripts/ensure-system.sh cài gói chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def login(browser, base: str, username: str, width: int = 1280, **context):
    page = browser.new_context(viewport={"width": width, "height": 900}, **context).new_page()
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def fill_unanimous_tally(page) -> int:
    """On the tally page: every official member present and voting, every ballot for HTT; the number of them."""
    official = int(page.input_value("input[name=official_members]"))
    page.fill("input[name=official_present]", str(official))
    page.fill("input[name=ballots_cast]", str(official))
    for field in page.locator("input[name$='_htt']").all():
        field.fill(str(official))
    return official


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"e2e-{name}.png"), full_page=True)


def test_secretary_reviews_submits_and_office_recognises(live_server, browser):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    base = live_server.url
    period = ReviewPeriod.objects.get(committee__code="db-thanh-tra-tp", year=2026)
    secretary = Member.objects.get(roles__user__username="bithu.phapche")

    page = login(browser, base, "bithu.phapche")
    page.goto(f"{base}/ky/{period.pk}/dang-vien/{secretary.pk}/tu-kiem-diem/")
    page.fill("textarea[name=political_ideology]", "Kiên định mục tiêu, lý tưởng; chấp hành chủ trương của Đảng.")
    page.fill("textarea[name=duties]", "Hoàn thành đúng hạn 10/10 nhiệm vụ được giao.")
    page.select_option("select[name=self_proposed_level]", "htt")
    page.fill("input[name=self_score_general]", "28")
    page.fill("input[name=self_score_tasks]", "62")
    page.click("button[name=nop]")
    assert "Đã nộp bản tự kiểm điểm" in page.content()
    shoot(page, "self-review")

    page.goto(f"{base}/ky/{period.pk}/cb-phap-che/cham-diem/")
    for suffix, value in (("self_score_general", "27"), ("self_score_tasks", "60"), ("tasks_total", "10"),
                          ("tasks_done", "10"), ("tasks_on_time", "10"), ("tasks_exceeded", "2")):
        for field in page.locator(f"input[name$='_{suffix}']:not([disabled])").all():
            field.fill(value)
    shoot(page, "scores")
    page.click("text=Lưu và xếp loại")
    assert "Đã lưu điểm" in page.content()
    assert page.locator(".badge", has_text="HTT").count() > 5
    page.locator("details summary").first.click()
    assert "thuộc khung HTT" in page.content()  # the reasons name the score and the band
    shoot(page, "cell-after-scores")
    page.click("text=Gửi cấp trên…")
    assert "Kiểm tra hồ sơ" in page.content()  # the checklist comes before anything is sent
    shoot(page, "submit-checklist")
    if page.locator("textarea[name=note]").count():
        page.fill("textarea[name=note]", "Nhận xét nơi cư trú của 3 đồng chí bổ sung trước 25/12.")
    page.check("input[name=confirm]")
    page.click("button:has-text('Gửi cấp trên')")
    assert "Đã gửi kết quả" in page.content()

    office = login(browser, base, "vanphong")
    office.goto(f"{base}/ky/{period.pk}/db-thanh-tra-tp/tham-dinh/")
    shoot(office, "appraisal")
    office.locator("tr", has_text="Chi bộ Phòng Pháp chế").locator("text=Công nhận…").click()
    shoot(office, "recognise-confirm")
    office.check("input[name=confirm]")
    office.click("button:has-text('Công nhận')")
    assert "Đã công nhận kết quả xếp loại của Chi bộ Phòng Pháp chế" in office.content()
    assert UnitReview.objects.get(period=period, unit__code="cb-phap-che").status == "recognised"

    narrow = login(browser, base, "vanphong", width=390)
    narrow.goto(f"{base}/ky/{period.pk}/cb-phap-che/")
    shoot(narrow, "cell-recognised-narrow")


def test_secretary_enters_a_tally_and_sees_the_levels(live_server, browser):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    base = live_server.url
    period = ReviewPeriod.objects.get(committee__code="cb-thpt-so-2-phu-cat")
    page = login(browser, base, "bithu.thpt2", width=390)
    page.goto(f"{base}/ky/{period.pk}/cb-thpt-so-2-phu-cat/")
    page.click("button:has-text('Mở kỳ kiểm điểm')")  # the secretary opens the period for the cell
    assert "Đã mở kỳ kiểm điểm" in page.content()
    page.goto(f"{base}/ky/{period.pk}/cb-thpt-so-2-phu-cat/kiem-phieu/")
    fill_unanimous_tally(page)
    shoot(page, "tally-narrow")
    page.click("text=Lưu và xếp loại")
    assert "Đã lưu kết quả kiểm phiếu" in page.content()
    assert page.locator(".badge", has_text="HTT").count() >= 10
    shoot(page, "cell-after-tally-narrow")


def test_office_calibrates_the_2026_pools_and_recognises(live_server, browser):
    """QĐ 366 Điều 11 k.1.5 in the browser: the office sees the 2B pool across its cells, keeps a candidate the
    program put below the cut (refused without a reason, saved with one), and can then recognise the cell."""
    from xeploai.reviews.records import MemberReview

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    base = live_server.url
    period = ReviewPeriod.objects.get(committee__code="db-thanh-tra-tp", year=2026)
    office = login(browser, base, "vanphong")
    office.goto(f"{base}/ky/{period.pk}/db-thanh-tra-tp/tham-dinh/")
    office.click("text=Xét HTXS theo nhóm")
    office.click("a:has-text('2B:')")
    content = office.content()
    assert "20 % của" in content and "Chỉ tiêu HTXS:</strong> tối đa" in content
    shoot(office, "pool-2b")
    row = office.locator("tr", has_text="Chi bộ Phòng Thanh tra, giải quyết khiếu nại tố cáo số 3").first
    name = row.locator("td").nth(1).inner_text().split("\n")[0].split(". ")[-1]
    target = "drop" if "Giữ HTXS" in row.locator("td").nth(4).inner_text() else "keep"  # against the proposal
    row.locator(f"input[value={target}]").check()
    office.click("button:has-text('Lưu quyết định của trang này')")
    assert "Chưa lưu được" in office.content() and "ghi lý do" in office.content()
    shoot(office, "pool-2b-refused")
    row = office.locator("tr", has_text=name).first
    row.locator(f"input[value={target}]").check()
    row.locator("input[type=text], input:not([type])").last.fill("Bằng khen của Thanh tra Chính phủ năm 2026")
    office.click("button:has-text('Lưu quyết định của trang này')")
    assert "Đã lưu quyết định của nhóm 2B" in office.content()
    kept = MemberReview.objects.get(period=period, member__full_name=name)
    assert kept.pool_kept is (target == "keep") and kept.level == ("htxs" if target == "keep" else "htt")
    assert "Bằng khen" in kept.pool_note
    narrow = login(browser, base, "vanphong", width=390)
    narrow.goto(f"{base}/ky/{period.pk}/db-thanh-tra-tp/xet-htxs/?nhom=2B")
    shoot(narrow, "pool-2b-narrow")
    for code in ("2A", "2B"):  # the rest of the cell's candidates, in every pool they belong to
        narrow.goto(f"{base}/ky/{period.pk}/db-thanh-tra-tp/xet-htxs/?nhom={code}")
        narrow.click("button:has-text('Giữ theo đề xuất của chương trình')")
        assert f"Đã lưu quyết định của nhóm {code}" in narrow.content()
    tied = MemberReview.objects.filter(period=period, unit__code="cb-ttgq-3", pool_candidate=True,
                                       pool_kept__isnull=True)
    if tied.exists():  # at the cut the program does not choose: the committee does, with a reason
        narrow.goto(f"{base}/ky/{period.pk}/db-thanh-tra-tp/xet-htxs/?nhom=2B")
        for other in tied:
            narrow.check(f"#c{other.pk}-drop")
            narrow.fill(f"#c{other.pk}-note", "bằng điểm ở vị trí cắt; cấp ủy xét theo kết quả thi đua")
        narrow.click("button:has-text('Lưu quyết định của trang này')")
        assert "Đã lưu quyết định của nhóm 2B" in narrow.content()
    assert not MemberReview.objects.filter(period=period, unit__code="cb-ttgq-3", pool_candidate=True,
                                           pool_kept__isnull=True).exists()
    office.goto(f"{base}/ky/{period.pk}/cb-ttgq-3/cong-nhan/")
    office.check("input[name=confirm]")
    office.click("button:has-text('Công nhận')")
    assert UnitReview.objects.get(period=period, unit__code="cb-ttgq-3").status == "recognised"
