"""A tallied cell and a scored cell on the test tree (tests/conftest.py), built through the services, and helpers
that read PDFs and workbooks back."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import make_member, open_roster, unit_review_for
from xeploai.orgs.models import Organization, Post
from xeploai.reviews import services
from xeploai.reviews.models import Milestone, ReviewPeriod, RuleSet
from xeploai.rules.presets import PRESETS

PLACE = "TP. Hồ Chí Minh"


def preset(code: str) -> RuleSet:
    params = PRESETS[code]
    ruleset, _ = RuleSet.objects.get_or_create(code=code, defaults={"name": params["name"], "params": params,
                                                                     "is_preset": True})
    return ruleset


def make_period(committee, code: str, year: int, review_date: date, number: str = "146-KH/ĐU") -> ReviewPeriod:
    period = ReviewPeriod.objects.create(
        committee=committee, year=year, plan_number=number, plan_date=date(year, 11, 4),
        issuing_body="Đảng ủy Thanh tra thành phố", ruleset=preset(code), review_date=review_date,
        title=f"Kế hoạch tổ chức kiểm điểm tập thể, cá nhân và đánh giá, phân loại chất lượng năm {year}",
    )
    Milestone.objects.create(period=period, order=1, title="Quán triệt, triển khai kế hoạch",
                             start=date(year, 11, 5), due=date(year, 11, 7))
    Milestone.objects.create(period=period, order=2, title="Chi bộ họp kiểm điểm, biểu quyết xếp loại",
                             unit_kinds=["chi_bo_truc_thuoc"], start=date(year, 11, 20), due=date(year, 11, 28))
    return period


# The cell A roster: name, official (None: probationary), admitted, category; Trần Thị Bích comes from the tree.
ROSTER = [
    ("Nguyễn Văn Ánh", date(2001, 5, 2), date(2000, 5, 2), "2A"),
    ("Lê Thị Hồng Nhung", date(2006, 3, 1), date(2005, 3, 1), "2B"),
    ("Phạm Đức Thắng", date(2009, 9, 2), date(2008, 9, 2), "2B"),
    ("Đỗ Quỳnh Hương", date(2011, 1, 3), date(2010, 1, 3), "2C"),
    ("Vũ Minh Khôi", None, date(2013, 10, 1), "2B"),
    ("Hoàng Thị Yến", None, date(2014, 8, 1), "2B"),
    ("=HYPERLINK(\"http://x.invalid\")", date(2012, 1, 1), date(2011, 1, 1), "2B"),
]
# Votes for N = 6 official members (htxs, htt, ht, kht), by name; the new member has none.
VOTES = {
    "Nguyễn Văn Ánh": (6, 0, 0, 0),
    "Trần Thị Bích": (0, 5, 1, 0),
    "Lê Thị Hồng Nhung": (0, 4, 2, 0),
    "Phạm Đức Thắng": (0, 0, 5, 1),
    "Đỗ Quỳnh Hương": (0, 0, 2, 4),
    "Vũ Minh Khôi": (0, 6, 0, 0),
    "=HYPERLINK(\"http://x.invalid\")": (0, 6, 0, 0),
}


@dataclass
class Scene:
    tree: object
    period: ReviewPeriod
    cell: Organization


def place_everywhere(tree) -> None:
    Organization.objects.update(place=PLACE)
    for org in (tree.province, tree.committee, tree.cell_a, tree.cell_b, tree.other, tree.other_cell):
        org.refresh_from_db()


def add_roster(cell) -> None:
    for name, official_on, admitted_on, category in ROSTER:
        member = make_member(cell, name, official_on=official_on, admitted_on=admitted_on, category=category)
        if name == "Nguyễn Văn Ánh":
            Post.objects.create(member=member, title="bi_thu", unit=cell)


def tally(period: ReviewPeriod, cell, user, votes: dict[str, tuple[int, int, int, int]] = VOTES) -> None:
    reviews = open_roster(period, cell)
    unit_review = unit_review_for(period, cell)
    by_name = {review.member.full_name: review.pk for review in reviews}
    counts = {by_name[name]: dict(zip(("votes_htxs", "votes_htt", "votes_ht", "votes_kht"), figures, strict=True))
              for name, figures in votes.items()}
    official = sum(1 for r in reviews if r.member.official_on and r.member.official_on <= period.review_date)
    meta = {"official_members": official, "official_present": official, "ballots_cast": official,
            "meeting_date": period.review_date}
    services.save_tally(period=period, unit=cell, meta=meta, votes=counts, version=unit_review.version, user=user)


@pytest.fixture
def vote_scene(tree) -> Scene:
    """hcm-2014 on the committee; cell A has 8 members (6 official, 1 probationary, 1 new) and its tally."""
    place_everywhere(tree)
    period = make_period(tree.committee, "hcm-2014", 2014, date(2014, 11, 25))
    add_roster(tree.cell_a)
    tally(period, tree.cell_a, tree.admin)
    tree.cell_a.refresh_from_db()
    return Scene(tree, period, tree.cell_a)


@pytest.fixture
def score_scene(tree) -> Scene:
    """qd366-2025 (score basis, HD 43 forms 2A/2B/2C) with self-scores and self-reviews entered."""
    place_everywhere(tree)
    period = make_period(tree.committee, "qd366-2025", 2025, date(2025, 12, 5), number="19-KH/ĐU")
    add_roster(tree.cell_a)
    for review in open_roster(period, tree.cell_a):
        services.save_member_facts(review, {"self_score_general": 27, "self_score_tasks": 58, "approved_score": 85,
                                            "self_proposed_level": "htt", "paper_self_review": True,
                                            "political_ideology": "Kiên định lập trường tư tưởng chính trị."},
                                   user=tree.admin)
    return Scene(tree, period, tree.cell_a)


def pdf_text(content: bytes) -> str:
    """All the text of a PDF, NFC-normalised, pages joined."""
    reader = PdfReader(io.BytesIO(content))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def flat(text: str) -> str:
    """Text with every run of white space (line ends included) as one space, to find wrapped phrases."""
    return " ".join(text.split())


def pdf_pages(content: bytes) -> list[str]:
    return [unicodedata.normalize("NFC", page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def embedded_fonts(content: bytes) -> set[str]:
    """Base names of the fonts whose file is embedded (FontFile2 in the descendant font's descriptor)."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and "/FontFile2" in descriptor.get_object():
                    names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def open_workbook(content: bytes):
    return load_workbook(io.BytesIO(content))
