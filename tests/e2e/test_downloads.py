"""A paper that takes seconds to make shows that it is being made: "Đang tạo tệp…" with the seconds, then the
file saved under the server's name; a refused download says why and stays on screen."""

from __future__ import annotations

import os
import time

from django.core.management import call_command

from tests.e2e.test_review_flow import browser, login, pytestmark, shoot  # noqa: F401 - fixtures and marks
from xeploai.reviews.models import ReviewPeriod


def test_a_slow_download_shows_its_progress_and_saves_the_file(live_server, browser):  # noqa: F811
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    base = live_server.url
    period = ReviewPeriod.objects.get(committee__code="db-thanh-tra-tp", year=2026)
    page = login(browser, base, "bithu.phapche", width=390, accept_downloads=True)
    page.goto(f"{base}/ky/{period.pk}/cb-phap-che/")
    page.click("button:has-text('Tải về')")
    link = page.locator(".xl-download-menu a[download]").first
    href = link.get_attribute("href")

    def slow(route):  # stands for a long batch: the server answers after 2.5 s
        time.sleep(2.5)
        route.continue_()

    page.route(f"**{href}", slow)
    with page.expect_download(timeout=60_000) as caught:
        link.click()
        page.wait_for_selector("#xl-downloads .xl-download", timeout=5_000)
        assert "Đang tạo tệp" in page.inner_text("#xl-downloads")
        shoot(page, "download-in-progress-narrow")
    download = caught.value
    assert download.url.startswith("blob:")
    name = download.suggested_filename
    assert name.endswith((".pdf", ".xlsx", ".zip", ".docx")) and name != "tai-ve"
    page.wait_for_selector("#xl-downloads .alert-success", timeout=10_000)
    assert "Đã tạo xong" in page.inner_text("#xl-downloads")

    page.unroute(f"**{href}")
    page.route(f"**{href}", lambda route: route.fulfill(status=500, body="lỗi"))
    page.click("button:has-text('Tải về')")
    link.click()
    page.wait_for_selector("#xl-downloads .alert-danger", timeout=10_000)
    assert "máy chủ báo lỗi 500" in page.inner_text("#xl-downloads")
    page.click("#xl-downloads .alert-danger button:has-text('Đóng')")
    assert page.locator("#xl-downloads .alert-danger").count() == 0
