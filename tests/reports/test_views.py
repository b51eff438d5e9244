"""Downloads per persona (200 / 403 / 404, anonymous → login), file names, the "Tải về" menu and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PERSONAS, make_member, make_org, open_roster
from tests.reports.conftest import open_workbook, pdf_text
from xeploai.reports.data import committee_summary
from xeploai.reviews import services
from xeploai.reviews.records import MemberReview, UnitReview

NOWHERE = dict.fromkeys(PERSONAS, 404)  # outsiders, the other cell's secretary, the other committee's office …
CELL = {**NOWHERE, "admin": 200, "office": 200, "secretary_a": 200, "member_user": 403}
COMMITTEE = {**NOWHERE, "admin": 200, "office": 200}
OWN_FORM = {**NOWHERE, "admin": 200, "office": 200, "secretary_a": 200, "member_user": 200}


def urls(scene) -> list[tuple[str, dict]]:
    """(url, expected per persona) for every download of the scene."""
    period, member = scene.period.pk, scene.tree.member_a.pk
    on = {"period": period, "code": "chi-bo-a"}
    top = {"period": period, "code": "dang-uy"}
    return [
        *((reverse(f"reports:{name}", kwargs=on), CELL) for name in (
            "tally_minutes_pdf", "ballots_pdf", "cell_results_pdf", "cell_results_xlsx", "dossier_pdf",
            "self_review_pdf", "unit_report_pdf", "plan_pdf", "decision_pdf")),
        (reverse("reports:summary_pdf", kwargs=top), COMMITTEE),
        (reverse("reports:summary_xlsx", kwargs=top), COMMITTEE),
        (reverse("reports:summary_preview", kwargs=top), COMMITTEE),
        (reverse("reports:member_self_review_pdf", kwargs={"period": period, "member": member}), OWN_FORM),
        (reverse("reports:summary_pdf", kwargs=on), {**NOWHERE, "member_user": 403}),  # not for a cell
        (reverse("reports:tally_minutes_pdf", kwargs=top), {**NOWHERE, "admin": 404, "office": 404}),
        (reverse("reports:tally_minutes_pdf", kwargs={"period": period, "code": "chi-bo-khac"}), NOWHERE),
        (reverse("reports:tally_minutes_pdf", kwargs={"period": 999, "code": "chi-bo-a"}),
         {**NOWHERE, "member_user": 403}),
    ]


def test_every_download_answers_each_persona_as_expected(client, vote_scene):
    for url, expected in urls(vote_scene):
        for persona in PERSONAS:
            client.force_login(getattr(vote_scene.tree, persona))
            assert client.get(url).status_code == expected[persona], (url, persona)


def test_anonymous_users_are_sent_to_login(client, vote_scene):
    for url, _ in urls(vote_scene):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_a_download_has_an_ascii_file_name_and_its_type(client, vote_scene):
    client.force_login(vote_scene.tree.secretary_a)
    response = client.get(reverse("reports:tally_minutes_pdf", kwargs={"period": vote_scene.period.pk,
                                                                         "code": "chi-bo-a"}))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-kiem-phieu-chi-bo-a-2014.pdf"'
    assert "Trần Thị Bích" in pdf_text(b"".join(response.streaming_content))


def test_the_summary_workbook_downloads(client, vote_scene):
    client.force_login(vote_scene.tree.office)
    response = client.get(reverse("reports:summary_xlsx", kwargs={"period": vote_scene.period.pk,
                                                                    "code": "dang-uy"}))
    assert 'filename="bao-cao-tong-hop-dang-bo-co-quan-2014.xlsx"' in response["Content-Disposition"]
    book = open_workbook(b"".join(response.streaming_content))
    assert book["Tổng hợp"]["B6"].value == "Chi bộ A"


def test_a_member_downloads_their_own_self_review(client, vote_scene):
    client.force_login(vote_scene.tree.member_user)
    response = client.get(reverse("reports:member_self_review_pdf", kwargs={
        "period": vote_scene.period.pk, "member": vote_scene.tree.member_a.pk}))
    text = pdf_text(b"".join(response.streaming_content))
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN" in text and "Trần Thị Bích" in text and "Nguyễn Văn Ánh" in text  # the signer
    assert text.count("BẢN KIỂM ĐIỂM CÁ NHÂN") == 1


def test_the_decision_download_is_per_reclassification(client, vote_scene):
    tree, period = vote_scene.tree, vote_scene.period
    unit_review = UnitReview.objects.get(period=period, unit=vote_scene.cell)
    sent = services.submit_unit(unit_review, user=tree.admin, confirmed=True, note="thiếu")
    services.recognise_unit(sent, user=tree.office)
    row = services.reclassify(unit_review=UnitReview.objects.get(pk=unit_review.pk), member_review=None,
                              new_level="ht", reason="Sai sót khi chấm điểm", decision_number="", user=tree.office)
    url = reverse("reports:reclassification_pdf", args=[row.pk])
    expected = {**CELL}
    for persona in PERSONAS:
        client.force_login(getattr(tree, persona))
        assert client.get(url).status_code == expected[persona], persona
    client.force_login(tree.office)
    assert "Sai sót khi chấm điểm" in pdf_text(client.get(url).content)
    assert url in menu(tree.office, period, vote_scene.cell)  # the menu lists each decision
    assert client.get(reverse("reports:reclassification_pdf", args=[row.pk + 100])).status_code == 404


def menu(user, period, unit) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("reports/_download_menu.html", {"period": period, "unit": unit}, request=request)


def test_the_menu_of_a_cell_lists_the_cell_papers(vote_scene):
    html = menu(vote_scene.tree.secretary_a, vote_scene.period, vote_scene.cell)
    assert "Tải về" in html and "Biên bản kiểm phiếu" in html and "Phiếu đánh giá" in html
    assert "Báo cáo tổng hợp" not in html
    assert reverse("reports:tally_minutes_pdf", kwargs={"period": vote_scene.period.pk, "code": "chi-bo-a"}) in html


def test_the_menu_of_a_committee_lists_the_summary(vote_scene):
    html = menu(vote_scene.tree.office, vote_scene.period, vote_scene.tree.committee)
    assert "Báo cáo tổng hợp" in html and "Excel" in html and "Xem bảng tổng hợp" in html
    assert "Biên bản kiểm phiếu" not in html


def test_the_menu_is_empty_for_those_who_may_not_download(vote_scene):
    assert menu(vote_scene.tree.member_user, vote_scene.period, vote_scene.cell).strip() == ""
    assert menu(vote_scene.tree.office, None, vote_scene.cell).strip() == ""


def test_the_summary_preview_shows_the_same_figures(client, vote_scene):
    client.force_login(vote_scene.tree.office)
    response = client.get(reverse("reports:summary_preview", kwargs={"period": vote_scene.period.pk,
                                                                       "code": "dang-uy"}))
    html = response.content.decode()
    assert "Chi bộ A" in html and "71,43 %" in html and "Tải về" in html


def grow(scene, cells: int, start: int = 0) -> None:
    """More cells under the committee, each with two reviewed members and a result."""
    for number in range(start, start + cells):
        cell = make_org(f"chi-bo-them-{number}", "chi_bo_truc_thuoc", scene.tree.committee, name=f"Chi bộ {number}")
        for _ in range(2):
            make_member(cell)
        for review in open_roster(scene.period, cell):
            MemberReview.objects.filter(pk=review.pk).update(result_status="rated", level="htt")


def summary_queries(scene) -> int:
    with CaptureQueriesContext(connection) as context:
        committee_summary(scene.period, scene.tree.committee, scene.period.review_date)
    return len(context.captured_queries)


def test_the_summary_reads_a_fixed_number_of_queries_whatever_the_tree(vote_scene):
    grow(vote_scene, 2)
    small = summary_queries(vote_scene)
    grow(vote_scene, 30, start=2)
    assert summary_queries(vote_scene) == small <= 8


@pytest.mark.parametrize("kind", ["summary_preview"])
def test_the_preview_page_stays_within_its_queries(client, vote_scene, django_assert_max_num_queries, kind):
    grow(vote_scene, 20)
    client.force_login(vote_scene.tree.office)
    with django_assert_max_num_queries(16):
        client.get(reverse(f"reports:{kind}", kwargs={"period": vote_scene.period.pk, "code": "dang-uy"}))


def cell_queries(scene, cell) -> int:
    from xeploai.reports.data import cell_source, tally_minutes

    with CaptureQueriesContext(connection) as context:
        tally_minutes(cell_source(scene.period, cell))
    return len(context.captured_queries)


def test_a_cell_document_reads_a_fixed_number_of_queries_whatever_the_cell(vote_scene):
    few = cell_queries(vote_scene, vote_scene.cell)
    for _ in range(30):
        make_member(vote_scene.cell)
    open_roster(vote_scene.period, vote_scene.cell)
    assert cell_queries(vote_scene, vote_scene.cell) == few <= 7
