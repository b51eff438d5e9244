"""Score sheets (001 §2.2): every problem is reported; totals are exact and capped at the frame."""

from fractions import Fraction

from xeploai.rules import FRAME_001, score_sheet_total, validate_score_sheet


def _line(criterion: str = "1. Chính trị tư tưởng", top: float = 30, **extra) -> dict:
    return {"criterion": criterion, "max": top, **extra}


def _deduction(points: float = 1, **extra) -> dict:
    return {"criterion": "1.2", "points": points, "reason": "chậm nộp báo cáo", "remedy": "nộp đúng hạn", **extra}


def test_a_good_sheet_has_no_problems_and_an_exact_total() -> None:
    sheet = {
        "lines": [
            _line(top=30, self=30, approved=30, excellent=True, bonus=2),
            _line("2. Nhiệm vụ", top=60, self=58.5, approved=57.5, deductions=[_deduction(2.5)]),
        ]
    }
    assert validate_score_sheet(sheet) == []
    assert score_sheet_total(sheet) == Fraction(179, 2)  # 30 + 2 + 57,5


def test_the_total_never_exceeds_the_frame() -> None:
    # 001 §2.2: 90 + 10 = 100 at most
    lines = [_line(f"{i}", top=15, approved=15, excellent=True, bonus=2) for i in range(6)]
    assert score_sheet_total({"lines": lines}) == 100
    problems = validate_score_sheet({"lines": lines})
    assert [p.field for p in problems] == ["lines"]  # 12 bonus points > 10
    assert "10" in problems[0].message


def test_every_problem_is_reported_not_just_the_first() -> None:
    sheet = {
        "lines": [
            _line("", top=30, approved=30.3),  # no criterion; not on the 0,5 step; above the maximum
            _line("2", top=30, approved=30, bonus=2.5, excellent=True),  # bonus above 2 per item
            _line("3", top=20, approved=20, bonus=1, excellent=False),  # bonus without excellent completion
            _line(
                "4",
                top=20,
                approved=18,
                deductions=[_deduction(1, reason=" ", remedy=None), _deduction(0.3, criterion="")],
            ),
        ]
    }
    fields = [p.field for p in validate_score_sheet(sheet)]
    assert "lines[0].criterion" in fields
    assert "lines[0].approved" in fields
    assert "lines[1].bonus" in fields
    assert "lines[2].bonus" in fields
    assert {"lines[3].deductions[0].reason", "lines[3].deductions[0].remedy"} <= set(fields)
    assert {"lines[3].deductions[1].criterion", "lines[3].deductions[1].points"} <= set(fields)
    assert "lines[3].deductions" in fields  # 1,3 points deducted do not explain the 2 lost
    assert "lines" in fields  # 100 points of criteria > the 90 of the frame
    for problem in validate_score_sheet(sheet):
        assert problem.message.startswith(f"{problem.field}: ")


def test_points_lost_must_be_explained_by_deductions() -> None:
    # 001 §2.2: "Việc trừ điểm phải thể hiện rõ ở nội dung, tiêu chí nào? Nêu rõ nguyên nhân, lý do; hướng khắc phục"
    problems = validate_score_sheet({"lines": [_line(top=30, approved=28)]})
    assert [p.field for p in problems] == ["lines[0].deductions"]
    assert validate_score_sheet({"lines": [_line(top=30, approved=28, deductions=[_deduction(2)])]}) == []


def test_full_marks_count_as_excellent_when_unmarked() -> None:
    assert validate_score_sheet({"lines": [_line(top=30, approved=30, bonus=1.5)]}) == []
    problems = validate_score_sheet({"lines": [_line(top=30, approved=29.5, bonus=1, deductions=[_deduction(0.5)])]})
    assert [p.field for p in problems] == ["lines[0].bonus"]


def test_a_line_without_points_counts_its_maximum_minus_deductions() -> None:
    sheet = {"lines": [_line(top=30, deductions=[_deduction(1.5)])]}
    assert score_sheet_total(sheet) == Fraction(57, 2)


def test_not_a_sheet() -> None:
    assert [p.field for p in validate_score_sheet({})] == ["lines"]
    assert [p.field for p in validate_score_sheet({"lines": [3]})] == ["lines[0]"]
    assert FRAME_001.total_max == 100


def test_a_null_line_or_deduction_is_a_problem_naming_it() -> None:
    sheet = {"lines": [None, _line(top=30, approved=28, deductions=[None, _deduction(2)])]}
    fields = [p.field for p in validate_score_sheet(sheet)]
    assert {"lines[0]", "lines[1].deductions[0]"} <= set(fields)
