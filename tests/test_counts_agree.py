"""One period, six places that count its members: home, the unit page, the appraisal page, the dashboard, the
committee's summary (the object the PDF lays out) and the summary workbook give the same number.

The scene has what made them disagree: an exempt member (counted as a member everywhere), a cell whose period
is not opened yet (its members count as the ones opening would add) and one that is.
"""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import make_member, open_roster
from tests.reviews.conftest import fill_cell, make_period
from xeploai.reports.data.summary import committee_summary


def test_every_place_gives_the_same_count_of_members(client, tree):
    period = make_period(tree.committee)
    fill_cell(tree.cell_a, 3)
    fill_cell(tree.cell_b, 2, prefix="Võ Văn")
    make_member(tree.cell_a, "Hồ Thị Miễn", exempt=True, admitted_on=date(2001, 1, 1))
    make_member(tree.cell_b, "Mai Văn Miễn", exempt=True, admitted_on=date(2001, 1, 1))
    open_roster(period, tree.cell_a)  # cell B not opened yet
    expected = 5 + 4  # A: Bích, 3 filled, 1 exempt; B: Cường, 2 filled, 1 exempt

    client.force_login(tree.office)
    home = client.get(reverse("home")).context["trees"][0][0].member_count
    unit_page = client.get(reverse("unit_detail", args=["dang-uy"])).context["totals"]["total"]
    appraisal = sum(row["counts"]["total"] for row in
                    client.get(reverse("reviews:appraisal", args=[period.pk, "dang-uy"])).context["rows"])
    dashboard = client.get(reverse("dashboard:progress", args=[period.pk])).context["period_members"]
    summary = committee_summary(period, tree.committee, timezone.localdate()).total.members
    workbook = load_workbook(io.BytesIO(b"".join(
        client.get(reverse("reports:summary_xlsx", args=[period.pk, "dang-uy"])).streaming_content)))
    sheet = workbook["Tổng hợp"]
    header = next(row for row in sheet.iter_rows(values_only=True) if "Tổng số đảng viên" in row)
    total_row = next(row for row in sheet.iter_rows(values_only=True) if "Tổng cộng" in row)
    in_workbook = total_row[header.index("Tổng số đảng viên")]

    assert {"home": home, "unit page": unit_page, "appraisal": appraisal, "dashboard": dashboard,
            "summary": summary, "workbook": in_workbook} == dict.fromkeys(
        ("home", "unit page", "appraisal", "dashboard", "summary", "workbook"), expected)
