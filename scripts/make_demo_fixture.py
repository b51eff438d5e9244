"""Writes fixtures/demo.json: the demo organisations, invented members, periods and logins.

Run once by a developer (`python scripts/make_demo_fixture.py`); the JSON is committed and
`manage.py load_demo` reads it. Every person is invented; seeded, so the file is reproducible.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 4 + ["Lê"] * 3 + ["Phạm"] * 2 + [
    "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Công", "Hoàng", "Tuấn", "Trọng", "Xuân", "Ngọc"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Ngọc", "Thanh", "Thị Mỹ", "Thị Kim", "Hồng", "Phương", "Thị Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khang",
           "Khoa", "Lâm", "Long", "Luân", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thắng",
           "Thành", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Việt", "Vinh", "Vũ"]
GIVEN_F = ["Anh", "Ánh", "Bích", "Châu", "Diễm", "Dung", "Dũng", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương",
           "Hường", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên",
           "Thảo", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến"]

CELLS = [
    ("cb-ttgq-1", "Chi bộ Phòng Thanh tra, giải quyết khiếu nại tố cáo số 1", "Chi bộ Phòng TT-GQKNTC số 1"),
    ("cb-ttgq-2", "Chi bộ Phòng Thanh tra, giải quyết khiếu nại tố cáo số 2", "Chi bộ Phòng TT-GQKNTC số 2"),
    ("cb-ttgq-3", "Chi bộ Phòng Thanh tra, giải quyết khiếu nại tố cáo số 3", "Chi bộ Phòng TT-GQKNTC số 3"),
    ("cb-ttgq-4", "Chi bộ Phòng Thanh tra, giải quyết khiếu nại tố cáo số 4", "Chi bộ Phòng TT-GQKNTC số 4"),
    ("cb-pctn", "Chi bộ Phòng Thanh tra chống tham nhũng", "Chi bộ Phòng TT chống tham nhũng"),
    ("cb-phap-che", "Chi bộ Phòng Pháp chế", ""),
    ("cb-van-phong", "Chi bộ Văn phòng", ""),
    ("cb-tiep-cong-dan", "Chi bộ Phòng Tiếp công dân và xử lý đơn", "Chi bộ Phòng TCD và XLĐ"),
    ("cb-giam-sat", "Chi bộ Phòng Thanh tra, giám sát và xử lý sau thanh tra", "Chi bộ Phòng TT-GS và XLSTT"),
]


_USED: set[str] = set()


def person(rng: random.Random) -> tuple[str, str]:
    """An invented name, unique in the demo so that logins and supervisors can name people."""
    while True:
        gender = rng.choice(["nam", "nu"])
        middle, given = (MIDDLE_M, GIVEN_M) if gender == "nam" else (MIDDLE_F, GIVEN_F)
        name = f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}"
        if name not in _USED:
            _USED.add(name)
            return name, gender


def member(rng: random.Random, unit: str, *, today: date, civil_servant: bool) -> dict:
    name, gender = person(rng)
    born = date(rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28))
    admitted = born + timedelta(days=rng.randint(22 * 365, 34 * 365))
    admitted = min(admitted, today - timedelta(days=800))
    return {
        "unit": unit, "full_name": name, "gender": gender, "date_of_birth": born.isoformat(),
        "admitted_on": admitted.isoformat(), "official_on": (admitted + timedelta(days=365)).isoformat(),
        "category": "2B" if civil_servant else "2C", "is_civil_servant": civil_servant,
        "card_number": f"{rng.randint(10, 99)}.{rng.randint(100000, 999999)}", "posts": [],
    }


def cell_members(rng: random.Random, unit: str, count: int, *, today: date, civil_servant: bool = True) -> list[dict]:
    people = [member(rng, unit, today=today, civil_servant=civil_servant) for _ in range(count)]
    people[0]["posts"].append({"title": "bi_thu", "unit": unit})
    people[0]["category"] = "2A"
    people[1]["posts"].append({"title": "pho_bi_thu", "unit": unit})
    people[2]["posts"].append({"title": "truong_phong", "unit": unit})
    people[2]["category"] = "2A"
    return people


def with_special_cases(people: list[dict], rng: random.Random, *, today: date, newly: date) -> None:
    """Some probationary members, one newly admitted (under 6 months), one exempt from activity."""
    for probationary in rng.sample(people[3:], 2):
        admitted = today - timedelta(days=rng.randint(220, 330))
        probationary.update(admitted_on=admitted.isoformat(), official_on=None)
    people[-1].update(admitted_on=newly.isoformat(), official_on=None)
    people[-2].update(exempt=True, exempt_since=(today - timedelta(days=900)).isoformat(), category="2C",
                      is_civil_servant=False)


def build() -> dict:
    rng = random.Random(146)
    today = date(2026, 11, 1)
    orgs = [
        {"code": "dbk-dan-chinh-dang-tp", "name": "Đảng bộ Khối Dân – Chính – Đảng thành phố",
         "short_name": "Đảng bộ Khối Dân – Chính – Đảng TP", "kind": "dang_bo_cap_tren", "parent": None,
         "place": "TP. Hồ Chí Minh"},
        {"code": "db-thanh-tra-tp", "name": "Đảng bộ Thanh tra thành phố", "short_name": "Đảng ủy Thanh tra TP",
         "kind": "dang_bo_co_so", "parent": "dbk-dan-chinh-dang-tp", "place": "TP. Hồ Chí Minh"},
    ]
    members: list[dict] = []
    for position, (code, name, short) in enumerate(CELLS, start=1):
        orgs.append({"code": code, "name": name, "short_name": short, "kind": "chi_bo_truc_thuoc",
                     "parent": "db-thanh-tra-tp", "place": "TP. Hồ Chí Minh", "position": position})
        people = cell_members(rng, code, rng.randint(8, 25), today=today)
        with_special_cases(people, rng, today=today, newly=today - timedelta(days=rng.randint(40, 150)))
        members += people
    # The committee: the secretaries of three cells also sit on the Đảng ủy; they supervise cells (000 §VI.2).
    committee = [members_of(members, code)[0] for code in ("cb-van-phong", "cb-phap-che", "cb-ttgq-2")]
    for title, chair in zip(["bi_thu", "pho_bi_thu", "cap_uy_vien"], committee, strict=True):
        chair["posts"].append({"title": title, "unit": "db-thanh-tra-tp"})
        chair["category"] = "2A"
    orgs += [
        {"code": "db-huyen-phu-cat", "name": "Đảng bộ huyện Phù Cát", "short_name": "Huyện ủy Phù Cát",
         "kind": "dang_bo_cap_tren", "parent": None, "place": "Phù Cát"},
        {"code": "cb-thpt-so-2-phu-cat", "name": "Chi bộ Trường THPT số 2 Phù Cát", "short_name": "Chi bộ THPT số 2",
         "kind": "chi_bo_co_so", "parent": "db-huyen-phu-cat", "place": "Phù Cát"},
    ]
    school = cell_members(rng, "cb-thpt-so-2-phu-cat", 16, today=date(2023, 11, 1))
    with_special_cases(school, rng, today=date(2023, 11, 1), newly=date(2023, 8, 15))
    members += school
    return {"organizations": orgs, "members": members, "periods": periods(committee),
            "users": users(committee, school[0])}


def members_of(members: list[dict], code: str) -> list[dict]:
    return [m for m in members if m["unit"] == code]


def periods(committee: list[dict]) -> list[dict]:
    thanh_tra = "Đảng ủy Thanh tra thành phố"
    supervise = [
        (committee[0]["full_name"], ["cb-ttgq-1", "cb-ttgq-3", "cb-pctn"]),
        (committee[1]["full_name"], ["cb-ttgq-4", "cb-phap-che", "cb-van-phong"]),
        (committee[2]["full_name"], ["cb-ttgq-2", "cb-tiep-cong-dan", "cb-giam-sat"]),
    ]
    supervisors = [{"unit": unit, "supervisor": name} for name, units in supervise for unit in units]
    cells, committees = ["chi_bo_truc_thuoc", "chi_bo_co_so"], ["dang_bo_co_so"]
    return [
        {"committee": "db-thanh-tra-tp", "year": 2014, "plan_number": "146-KH/ĐU", "plan_date": "2014-11-04",
         "issuing_body": thanh_tra, "ruleset": "hcm-2014", "review_date": "2014-11-25",
         "title": "Kế hoạch tổ chức kiểm điểm tập thể, cá nhân và đánh giá, phân loại chất lượng tổ chức cơ sở đảng, "
                  "đảng viên năm 2014",
         "supervisors": supervisors,
         # 000 §VI.1
         "milestones": [
             ms("Quán triệt, triển khai kế hoạch; đảng viên viết bản kiểm điểm; lấy ý kiến nơi cư trú",
                [], "2014-11-05", "2014-11-07"),
             ms("Thông qua dự thảo báo cáo kiểm điểm; chi bộ xin ý kiến dự thảo báo cáo và bản tự chấm điểm",
                [], "2014-11-10", "2014-11-12"),
             ms("Kiểm điểm Đảng ủy, tập thể lãnh đạo và cá nhân lãnh đạo", committees, "2014-11-17", "2014-11-19"),
             ms("Chi bộ họp kiểm điểm, biểu quyết bản tự chấm điểm, bỏ phiếu đánh giá chi bộ và đảng viên",
                cells, "2014-11-20", "2014-11-28", "meeting"),
             ms("Đảng ủy thẩm định, đánh giá, phân loại chi bộ và đảng viên; công bố kết quả", committees,
                "2014-12-01", "2014-12-03"),
             ms("Báo cáo Ban Thường vụ Thành ủy và Đảng ủy Khối", committees, "2014-12-01", "2014-12-04"),
         ]},
        period_qd(2024, "phucat-2023", "172-KH/ĐU", "2024-11-06", "2024-11-28", supervisors, thanh_tra),
        period_qd(2025, "qd366-2025", "19-KH/ĐU", "2025-11-10", "2025-12-05", supervisors, thanh_tra),
        period_qd(2026, "qd366-2025", "41-KH/ĐU", "2026-11-02", "2026-12-04", supervisors, thanh_tra),
        {"committee": "cb-thpt-so-2-phu-cat", "year": 2023, "plan_number": "05-KH/CBTHPTPC2",
         "plan_date": "2023-11-27", "issuing_body": "Chi bộ Trường THPT số 2 Phù Cát", "ruleset": "phucat-2023",
         "review_date": "2023-12-07",
         "title": "Kế hoạch kiểm điểm tập thể, cá nhân và đánh giá, phân loại chất lượng tổ chức cơ sở đảng, "
                  "đảng viên năm 2023",
         "supervisors": [],
         # 003 §C
         "milestones": [
             ms("Cấp ủy xây dựng kế hoạch, triển khai trong chi bộ; đảng viên chuẩn bị hồ sơ", [],
                "2023-11-27", "2023-11-30"),
             ms("Họp chi bộ kiểm điểm, đánh giá tập thể chi bộ, cấp ủy và từng đảng viên", [],
                "2023-12-07", "2023-12-07"),
         ]},
    ]


def ms(title: str, kinds: list[str], start: str, due: str, done_when: str = "") -> dict:
    """A timeline step; `done_when` names the data that proves it done (empty: read from the title)."""
    return {"title": title, "unit_kinds": kinds, "start": start, "due": due, "done_when": done_when}


def period_qd(year: int, ruleset: str, number: str, plan_date: str, review: str, supervisors: list, body: str) -> dict:
    """A later period; its timeline follows HD 43: everything done before 31/12 of the year."""
    y = str(year)
    cells, committees = ["chi_bo_truc_thuoc", "chi_bo_co_so"], ["dang_bo_co_so"]
    return {
        "committee": "db-thanh-tra-tp", "year": year, "plan_number": number, "plan_date": plan_date,
        "issuing_body": body, "ruleset": ruleset, "review_date": review,
        "title": f"Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}",
        "supervisors": supervisors,
        "milestones": [
            ms("Quán triệt, triển khai kế hoạch; đảng viên viết bản tự kiểm điểm và tự chấm điểm", [],
               f"{y}-11-09" if year != 2026 else "2026-11-02", f"{y}-11-20" if year != 2026 else "2026-11-13"),
            ms("Lấy ý kiến nhận xét của chi ủy nơi cư trú", cells, f"{y}-11-09", f"{y}-11-27"),
            ms("Chi bộ họp kiểm điểm, chấm điểm và đề xuất xếp loại", cells, f"{y}-11-23", f"{y}-12-05", "meeting"),
            ms("Đảng ủy thẩm định, quyết định xếp loại chi bộ và đảng viên", committees, f"{y}-12-07",
               f"{y}-12-18"),
            ms("Báo cáo kết quả lên cấp trên", committees, f"{y}-12-21", f"{y}-12-30"),
        ],
    }


def users(committee: list[dict], school_secretary: dict) -> list[dict]:
    return [
        {"username": "quantri", "full_name": "Quản trị hệ thống", "superuser": True,
         "roles": [{"kind": "admin", "organization": "dbk-dan-chinh-dang-tp"}]},
        {"username": "vanphong", "full_name": "Văn phòng Đảng ủy Thanh tra TP",
         "roles": [{"kind": "office", "organization": "db-thanh-tra-tp"}]},
        {"username": "bithu.phapche", "full_name": committee[1]["full_name"],
         "roles": [{"kind": "secretary", "organization": "cb-phap-che"},
                   {"kind": "member", "organization": "cb-phap-che", "member": committee[1]["full_name"]}]},
        {"username": "bithu.thpt2", "full_name": school_secretary["full_name"],
         "roles": [{"kind": "secretary", "organization": "cb-thpt-so-2-phu-cat"}]},
    ]


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"
    target.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Đã ghi {target}")
