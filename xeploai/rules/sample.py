"""A sample cell for the rule-set editor's preview: invented people whose facts touch every rule.

``SAMPLE_CELL`` gives both a vote tally and scores with task figures, so a rule set of either basis classifies it;
some members meet a cap (sick leave, absences, discipline, a civil-servant rating), one is new, one exempt.
``compare`` classifies it under two rule sets (the stored one and the one being edited) and lines the results up.
Plain Python, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .engine import classify_dict
from .labels import STATUSES, level_label
from .levels import SHORT_LABELS

REVIEW_DATE = date(2026, 12, 10)


def _member(ident: str, name: str, votes: tuple[int, int, int, int], score: int | float,
            tasks: tuple[int, int, int, int] = (10, 10, 10, 3), **facts: Any) -> dict[str, Any]:
    total, done, on_time, exceeded = tasks
    return {
        "id": ident, "name": name, "official": True, "admitted_on": "2010-05-19", "exempt": False,
        "votes": dict(zip(("htxs", "htt", "ht", "kht"), votes, strict=True)), "score": score,
        "tasks": {"total": total, "done": done, "on_time": on_time, "exceeded": exceeded},
        "shortcomings": {"total": 1, "fixed": 1}, **facts,
    }


# Ten official members vote (the base N); the new and the exempt member do not count.
SAMPLE_CELL: dict[str, Any] = {
    "review_date": REVIEW_DATE.isoformat(),
    "unit": {
        "code": "chi-bo-mau", "kind": "chi_bo", "level": None, "outstanding": False, "score": 91,
        "proposed_level": "htt",
        "tasks": {"total": 12, "done": 12, "on_time": 12, "exceeded": 4}, "shortcomings": {"total": 2, "fixed": 2},
        "facts": {"committee_united": True, "meetings_as_required": True, "tasks_not_completed": 0,
                  "remediation_plan_done": True, "leaders_disciplined": 0, "members_disciplined_for_degradation": 0,
                  "sub_units_disciplined": 0, "agency_rating": "highest", "mass_org_ratings": ["highest", "second"]},
    },
    "members": [
        _member("m01", "Nguyễn Văn An", (9, 1, 0, 0), 96, (10, 10, 10, 4), roles=["bi_thu"],
                civil_servant_rating="htxs"),
        _member("m02", "Trần Thị Bình", (8, 2, 0, 0), 94, (10, 10, 10, 4), roles=["pho_bi_thu"],
                civil_servant_rating="htxs"),
        _member("m03", "Lê Văn Cường", (7, 3, 0, 0), 92, (10, 10, 10, 3), civil_servant_rating="htt",
                awards=["chien_si_thi_dua_co_so"]),
        _member("m04", "Vũ Thị Giang", (8, 2, 0, 0), 93, (10, 10, 10, 3), excused_absences=3),
        _member("m05", "Phạm Thị Dung", (5, 5, 0, 0), 88, (10, 10, 10, 1)),
        _member("m06", "Hoàng Văn Em", (2, 8, 0, 0), 86, (10, 10, 10, 2), sick_leave_months=4),
        _member("m07", "Đặng Văn Hùng", (1, 8, 1, 0), 81, (10, 10, 10, 0)),
        _member("m08", "Dương Văn Phúc", (1, 7, 2, 0), 84, (10, 10, 10, 1), civil_servant_rating="ht_han_che"),
        _member("m09", "Bùi Thị Lan", (0, 2, 7, 1), 68, (10, 10, 9, 0)),
        _member("m10", "Đỗ Văn Minh", (0, 0, 3, 7), 45, (10, 6, 6, 0), under_discipline=True),
        {"id": "m11", "name": "Ngô Thị Ngọc", "official": False, "admitted_on": "2026-09-02", "exempt": False},
        {"id": "m12", "name": "Lý Thị Quỳnh", "official": True, "admitted_on": "1988-03-03", "exempt": True},
    ],
}

NOTES: dict[str, str] = {
    "m01": "Bí thư chi bộ; công chức xếp HTXS",
    "m02": "Phó Bí thư; công chức xếp HTXS",
    "m03": "Công chức xếp HTT, có danh hiệu chiến sĩ thi đua cơ sở",
    "m04": "Vắng 3 lần sinh hoạt có lý do",
    "m06": "Nghỉ ốm 4 tháng",
    "m08": "Công chức xếp hoàn thành nhưng còn hạn chế về năng lực",
    "m09": "1 nhiệm vụ chậm tiến độ",
    "m10": "Bị kỷ luật khiển trách trong năm; 4 nhiệm vụ không hoàn thành",
    "m11": "Đảng viên dự bị, kết nạp 02/9/2026",
    "m12": "Được miễn công tác và sinh hoạt đảng",
}


@dataclass(frozen=True)
class Outcome:
    status: str
    level: str | None
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.status == "rated":
            return SHORT_LABELS.get(self.level or "", self.level or "")
        return STATUSES.get(self.status, self.status)

    @property
    def long_label(self) -> str:
        return level_label(self.level) if self.status == "rated" else STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class Row:
    ident: str
    name: str
    votes: str
    score: str
    note: str
    before: Outcome | None
    after: Outcome

    @property
    def changed(self) -> bool:
        return self.before is not None and (self.before.status, self.before.level) != (self.after.status,
                                                                                        self.after.level)


@dataclass(frozen=True)
class Preview:
    rows: tuple[Row, ...]
    quota_before: str
    quota_after: str
    unit_before: str
    unit_after: str
    unit_reasons: tuple[str, ...]

    @property
    def changed(self) -> int:
        return sum(row.changed for row in self.rows)


def _outcome(member: dict[str, Any]) -> Outcome:
    return Outcome(member["status"], member.get("level"), tuple(r["text"] for r in member.get("reasons", [])))


def _quota_text(quota: dict[str, Any] | None) -> str:
    if not quota:
        return "Không giới hạn số lượng trong chi bộ"
    level = SHORT_LABELS.get(quota["level"], quota["level"])
    return f"{level}: được giữ tối đa {quota['allowed']}, giữ {quota['kept']} (cơ số {quota['base']})"


def _unit_text(unit: dict[str, Any] | None) -> str:
    if not unit:
        return "Chưa xếp loại"
    return level_label(unit.get("level"), organisation=True) or "Cần cấp trên quyết định"


def _figures(member: dict[str, Any]) -> tuple[str, str]:
    votes = member.get("votes")
    if not votes:
        return "", ""
    order = ("htxs", "htt", "ht", "kht")
    text = " · ".join(f"{SHORT_LABELS[key]} {votes[key]}" for key in order)
    return text, str(member["score"]).replace(".", ",")


def compare(after: dict[str, Any], before: dict[str, Any] | None) -> Preview:
    """The sample cell classified under ``after`` (and ``before`` when given); raises the engine's errors."""
    new = classify_dict(SAMPLE_CELL, after)
    old = classify_dict(SAMPLE_CELL, before) if before is not None else None
    old_members = {m["id"]: m for m in old["members"]} if old else {}
    rows = []
    for source, result in zip(SAMPLE_CELL["members"], new["members"], strict=True):
        votes, score = _figures(source)
        previous = old_members.get(source["id"])
        rows.append(Row(source["id"], source["name"], votes, score, NOTES.get(source["id"], ""),
                        _outcome(previous) if previous else None, _outcome(result)))
    unit = new["unit"] or {}
    return Preview(
        rows=tuple(rows),
        quota_before=_quota_text(old["member_quota"]) if old else "",
        quota_after=_quota_text(new["member_quota"]),
        unit_before=_unit_text(old["unit"]) if old else "",
        unit_after=_unit_text(new["unit"]),
        unit_reasons=tuple(r["text"] for r in unit.get("reasons", [])),
    )
