"""axe-core (from the npm registry, installed by scripts/ensure-system.sh) over the pages the four demo personas reach
from their home page, wide and 390 px narrow: no serious or critical violation; the skip link is the first Tab stop.
Skipped, with the reason printed, where Chromium or axe-core is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.test_review_flow import CHROMIUM, browser, login  # noqa: F401 - the fixture
from tests.links import walk

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PERSONAS = {"quantri": 8, "vanphong": 14, "bithu.phapche": 10, "bithu.thpt2": 8}
SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].target.join(' ')}`)"""
LINKS = "() => [...document.querySelectorAll('main a[href], nav a[href]')].map(a => a.getAttribute('href'))"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM, reason="Chromium không có trên máy (scripts/ensure-system.sh cài gói chromium)"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core chưa cài (scripts/ensure-system.sh test chạy npm ci)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(browser, base: str, username: str, width: int):  # noqa: F811
    return login(browser, base, username, width, bypass_csp=True)  # the CSP would refuse the injected axe


def _pages(page, base: str, limit: int):
    """The first ``limit`` HTML pages reached from the home page (tests/links.py)."""
    def visit(path: str):
        response = page.goto(base + path)
        if not response or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            return None
        return page.evaluate(LINKS)

    for path, is_page in walk(visit):
        if is_page:
            yield path
            limit -= 1
            if not limit:
                return


def test_no_serious_accessibility_violation_on_the_persona_walk(live_server, browser):  # noqa: F811
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    base, problems, checked = live_server.url, [], 0
    for username, limit in PERSONAS.items():
        for width in (1280, 390):
            page = _login(browser, base, username, width)
            for path in _pages(page, base, limit if width == 1280 else limit // 2):
                page.add_script_tag(path=str(AXE))
                problems += [(username, width, path, found) for found in page.evaluate(SERIOUS)]
                checked += 1
            page.context.close()
    assert checked >= 40
    assert not problems, "\n".join(map(str, problems))


def test_the_skip_link_is_the_first_tab_stop_and_moves_to_the_content(live_server, browser):  # noqa: F811
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    page = _login(browser, live_server.url, "bithu.phapche", 390)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Bỏ qua menu, đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"


def test_the_rule_set_editor_has_no_serious_violation(live_server, browser):  # noqa: F811
    """The editor's states the walk may not reach: the list, a form with the preview, a form refused with errors."""
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    base, problems = live_server.url, []
    for width in (1280, 390):
        page = _login(browser, base, "quantri", width)
        states = [("list", lambda p=page: p.goto(f"{base}/theo-doi/bo-quy-tac/")),
                  ("preview", lambda p=page: (p.goto(f"{base}/theo-doi/bo-quy-tac/tao/?tu=lamdong-2021"),
                                              p.click("button[name=preview]"))),
                  ("refused", lambda p=page: (p.fill("input[name=m_quota_fraction]", "2/3,5"),
                                              p.fill("input[name=m_band_htt]", "99"), p.click("button[name=save]")))]
        for name, act in states:
            act()
            page.wait_for_load_state()
            page.add_script_tag(path=str(AXE))
            problems += [(width, name, found) for found in page.evaluate(SERIOUS)]
        assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
        page.context.close()
    assert not problems, "\n".join(map(str, problems))


def test_the_roster_import_pages_have_no_serious_violation(live_server, browser, tmp_path):  # noqa: F811
    """Upload the shipped sample as the administrator, match columns, preview, confirm: each step checked by axe,
    wide and narrow (the second pass previews a file that changes nothing and one with errors)."""
    from openpyxl import load_workbook

    from tests.e2e.test_review_flow import SHOTS

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    sample = Path(__file__).resolve().parents[2] / "fixtures" / "mau-danh-sach-dang-vien.xlsx"
    broken = tmp_path / "co-loi.xlsx"
    book = load_workbook(sample)
    book["Đảng viên"]["C5"] = "31/02/1980"
    book["Đảng viên"]["I6"] = "Chi bộ Không Có"
    book.save(broken)
    base, problems = live_server.url, []
    SHOTS.mkdir(exist_ok=True)
    for width, path in ((1280, sample), (390, broken)):
        page = _login(browser, base, "quantri", width)
        page.goto(f"{base}/don-vi/dbk-dan-chinh-dang-tp/nhap-danh-sach/")
        steps = [("upload", lambda p=page: None),
                 ("columns", lambda p=page, f=path: (p.set_input_files("input[name=file]", str(f)),
                                                     p.click("main button[type=submit]"))),
                 ("preview", lambda p=page: p.click("main button[type=submit]"))]
        if path == sample:
            steps.append(("done", lambda p=page: (p.check("#xac-nhan"), p.click("main form button[type=submit]"))))
        for name, act in steps:
            act()
            page.wait_for_load_state()
            page.add_script_tag(path=str(AXE))
            problems += [(width, name, found) for found in page.evaluate(SERIOUS)]
            page.screenshot(path=str(SHOTS / f"nhap-danh-sach-{name}-{width}.png"), full_page=True)
        text = page.inner_text("main")
        assert ("Đã ghi" in text) if path == sample else ("31/02/1980" in text and "Chi bộ Không Có" in text)
        page.context.close()
    assert not problems, "\n".join(map(str, problems))
