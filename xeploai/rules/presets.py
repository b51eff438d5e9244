"""The four rule sets shipped with the product (DOMAIN §2), as plain JSON-serialisable dicts.

The dict is the single stored form: the Django side keeps it in a JSONField and calls ``parse_ruleset`` on it.
Each preset cites its source and, in its description, says what it chose where the source is silent and why.
"""

from __future__ import annotations

import copy
from typing import Any

from .ruleset import RuleSet, parse_ruleset


def _votes(htxs: str, others: str, comparison: str, accumulate: bool) -> dict[str, Any]:
    thresholds = [{"level": "htxs", "fraction": htxs, "comparison": comparison}]
    thresholds += [{"level": level, "fraction": others, "comparison": comparison} for level in ("htt", "ht", "kht")]
    return {"accumulate": accumulate, "thresholds": thresholds}


def _bands(levels: tuple[str, str, str], mins: tuple[str, str, str]) -> dict[str, Any]:
    return {"max": "100", "bands": [{"level": level, "min": low} for level, low in zip(levels, mins, strict=False)]}


def _quota(
    kind: str, level: str, base: str, fraction: str, outstanding: str, small: dict | None, scope: str = "cell"
) -> dict[str, Any]:
    return {
        "kind": kind,
        "level": level,
        "base_level": base,
        "fraction": fraction,
        "outstanding_fraction": outstanding,
        "small_unit": small,
        "scope": scope,
        "rounding": "floor",
        "base": "htt",
    }


_LEVELS = ["htxs", "htt", "ht", "kht"]
_FEWER_THAN_5_AT_HTT = {"measure": "base", "below": 5, "allowed": 1}  # 001 §2.2: "dưới 05 ... HTT thì chọn 01"

HCM_2014: dict[str, Any] = {
    "code": "hcm-2014",
    "name": "TP. Hồ Chí Minh 2014 (Kế hoạch 146-KH/ĐU, Đảng ủy Thanh tra thành phố)",
    "source": "Kế hoạch số 146-KH/ĐU ngày 04/11/2014 của Đảng ủy Thanh tra TP. Hồ Chí Minh: mục II.1.1.b đảng "
    "viên mới kết nạp chưa đủ 6 tháng; mục IV.2.1 phân loại chi bộ, đảng bộ; mục IV.2.2 phân loại đảng viên; mục "
    "IV.3 các điểm lưu ý.",
    "description": (
        "Đảng viên được phân loại bằng biểu quyết của đảng viên chính thức: HTXS cần trên 2/3, HTT, HT và KHT cần "
        "trên 1/2 số đảng viên chính thức (mục IV.2.2). Tổ chức: chấm điểm 90/70/50 kèm điều kiện (mục IV.2.1). "
        "Những điểm kế hoạch không nói rõ và lựa chọn của bộ quy tắc: "
        '(1) "trên 2/3" là lớn hơn hẳn, đúng 2/3 chưa đạt: theo chữ của kế hoạch, khác thực hành cũ "từ 2/3" '
        "(HD 07/2011). "
        "(2) Phiếu cho mức cao hơn được cộng vào các mức thấp hơn đến HT (người bầu HTXS cũng tán thành HTT), "
        "không cộng vào KHT: nếu không cộng dồn, phiếu chia giữa HTXS và HTT có thể không mức nào quá 1/2. "
        "(3) Cơ số là số đảng viên chính thức không được miễn, kể cả người vắng mặt, trừ khi nhập tổng số người có "
        "quyền biểu quyết. Không mức nào đạt thì chi bộ biểu quyết lại; chương trình không đoán. "
        "(4) Đủ 6 tháng tính theo tháng dương lịch: kết nạp ngày 25/5, kiểm điểm ngày 25/11 là đủ; kết nạp 31/8 "
        "thì đủ vào 28 (29)/2. "
        '(5) "Chi bộ có dưới 07 đảng viên": đếm mọi đảng viên không được miễn (kể cả dự bị, mới kết nạp); khi có '
        "tổng số người biểu quyết thì chi bộ có ít nhất chừng ấy đảng viên chính thức, nên lấy số lớn hơn. "
        "(6) 15 % (20 % với chi bộ có thành tích đặc biệt xuất sắc) lấy phần nguyên; cơ số là số HTT sau khi người "
        "vượt chỉ tiêu chuyển xuống HTT; bằng phiếu đúng ở vị trí cắt thì chi bộ hoặc cấp có thẩm quyền quyết định. "
        "(7) Cán bộ, công chức có đề nghị chiến sĩ thi đua cơ sở hoặc Bằng khen thay được mức HTXS công chức, nếu "
        "được xếp loại công chức từ HTT trở lên. "
        '(8) "Vắng sinh hoạt 03 lần (có lý do)": từ 3 lần trở lên. Nghỉ thai sản không bị giới hạn. '
        "(9) Chi bộ TSVM cần 100 % đảng viên đã xếp loại đạt HT trở lên; người còn chờ biểu quyết lại không tính. "
        '"Đảng ủy viên... bị kỷ luật (trừ trường hợp tổ chức đảng chủ động phát hiện)": chỉ nhập số người không '
        "thuộc trường hợp được trừ. "
        '(10) "Tiêu biểu" tối đa 20 % số chi bộ TSVM, làm tròn xuống.'
    ),
    "member": {
        "levels": _LEVELS,
        "basis": "vote",
        "votes": _votes("2/3", "1/2", "gt", accumulate=True),
        "score": None,
        "task_conditions": [],
        "kht_triggers": [],
        "new_member_months": 6,
        "caps": [
            "cap_discipline",
            "cap_violation",
            "cap_civil_servant",
            "cap_sick_leave",
            "cap_absences",
            "cap_leader_unit",
        ],
        "award_replaces_htxs_rating": True,
        "quota": _quota("level", "htxs", "htt", "0.15", "0.2", {"measure": "members", "below": 7, "allowed": 1}),
        "new_members_reviewed": True,
        "head_roles": ["bi_thu"],
    },
    "organisation": {
        "levels": ["tsvm", "htt", "ht", "yeu_kem"],
        "basis": "score",
        "score": _bands(("tsvm", "htt", "ht"), ("90", "70", "50")),
        "conditions": "hcm-2014",
        "quota": _quota("flag", "tsvm", "tsvm", "0.2", "0.2", None),
    },
}

LAMDONG_2021: dict[str, Any] = {
    "code": "lamdong-2021",
    "name": "Lâm Đồng 2021 (Kế hoạch 33-KH/HU, theo QĐ 132-QĐ/TW và HD 21-HD/BTCTW)",
    "source": "Kế hoạch số 33-KH/HU năm 2021 của Ban Thường vụ Huyện ủy (Lâm Đồng), mục 2.2: khung 90 điểm + 10 "
    'điểm cộng, các mức 95/80/50, 20 % và "dưới 05 ... chọn 01"; mục 1.1.2: đảng viên mới kết nạp chưa đủ 06 '
    "tháng; Hướng dẫn số 21-HD/BTCTW (2019): nghỉ ốm từ 3 tháng.",
    "description": (
        "Đảng viên và tổ chức được xếp loại theo điểm được thẩm định trên 100 (90 điểm tiêu chí + tối đa 10 điểm "
        "cộng): từ 95 HTXS, 80 đến dưới 95 HTT, 50 đến dưới 80 HT, dưới 50 KHT. "
        "Những điểm kế hoạch không nói rõ và lựa chọn của bộ quy tắc: "
        "(1) Kế hoạch không nêu điều kiện nhiệm vụ riêng cho từng mức nên điểm quyết định; phiếu biểu quyết, nếu có, "
        "chỉ để hiển thị. "
        "(2) Giới hạn áp dụng: kỷ luật, xếp loại công chức, nghỉ ốm từ 3 tháng (HD 21); kế hoạch không cho danh hiệu "
        "thi đua thay mức HTXS công chức nên không áp dụng. "
        '(3) 20 % số HTT lấy phần nguyên; "dưới 05 ... HTT thì chọn 01": khi cơ số HTT dưới 5 được chọn 1; kế hoạch '
        "không có tỷ lệ riêng cho đơn vị xuất sắc nên vẫn là 20 %. Bằng điểm ở vị trí cắt thì cấp có thẩm quyền "
        "quyết định. "
        "(4) Tổ chức: chỉ có khung điểm, không có điều kiện kèm theo trong kế hoạch; chỉ tiêu HTXS của tổ chức trực "
        "thuộc như của đảng viên."
    ),
    "member": {
        "levels": _LEVELS,
        "basis": "score",
        "votes": None,
        "score": _bands(("htxs", "htt", "ht"), ("95", "80", "50")),
        "task_conditions": [],
        "kht_triggers": [],
        "new_member_months": 6,
        "caps": ["cap_discipline", "cap_civil_servant", "cap_sick_leave"],
        "award_replaces_htxs_rating": False,
        "quota": _quota("level", "htxs", "htt", "0.2", "0.2", _FEWER_THAN_5_AT_HTT),
        "new_members_reviewed": True,
        "head_roles": ["bi_thu"],
    },
    "organisation": {
        "levels": _LEVELS,
        "basis": "score",
        "score": _bands(("htxs", "htt", "ht"), ("95", "80", "50")),
        "conditions": "bands-only",
        "quota": _quota("level", "htxs", "htt", "0.2", "0.2", _FEWER_THAN_5_AT_HTT),
    },
}

PHUCAT_2023: dict[str, Any] = {
    "code": "phucat-2023",
    "name": "Phù Cát 2023 (Kế hoạch của Chi bộ Trường THPT số 2 Phù Cát)",
    "source": "Kế hoạch năm 2023 của Chi bộ Trường THPT số 2 Phù Cát, Đảng bộ huyện Phù Cát: mục II.1 xếp loại "
    "chi bộ; mục II.2 xếp loại đảng viên; mục 2.5 các điểm lưu ý.",
    "description": (
        "Đảng viên được phân loại bằng biểu quyết như Kế hoạch 146-KH/ĐU: HTXS trên 2/3, HTT, HT, KHT trên 1/2 số "
        "đảng viên chính thức; kết quả thi đua năm học thay cho xếp loại công chức (mục II.2). Chi bộ không chấm điểm: "
        "mức đề xuất được kiểm tra theo các điều kiện của mục II.1 (nhà trường, Đoàn Thanh niên, Công đoàn). "
        "Những điểm kế hoạch không nói rõ và lựa chọn của bộ quy tắc: "
        '(1) "Trên" là lớn hơn hẳn; phiếu mức cao hơn được cộng vào các mức thấp hơn đến HT, không cộng vào KHT; '
        "đủ 6 tháng tính theo tháng dương lịch (như bộ quy tắc TP. Hồ Chí Minh 2014). "
        '(2) Danh hiệu "Chiến sĩ thi đua cấp cơ sở" thay được mức HTXS thi đua nếu kết quả thi đua từ HTT trở lên. '
        "(3) 15 % (20 % với chi bộ có thành tích đặc biệt xuất sắc) số HTT, lấy phần nguyên; kế hoạch không có quy "
        "tắc đơn vị nhỏ cho đảng viên. "
        "(4) Chi bộ yếu kém (KHT) theo đúng chữ của mục II.1: không hoàn thành từ 02 nhiệm vụ VÀ có một trong các "
        "khuyết "
        'điểm. "Không có đảng viên bị xử lý kỷ luật (trừ trường hợp tổ chức đảng chủ động phát hiện)" (mức HTT): '
        "lấy số đảng viên bị kỷ luật do chi bộ nhập (không tính trường hợp được trừ); nếu không nhập thì đếm đảng "
        "viên đang chịu kỷ luật trong danh sách. "
        "(5) Chỉ tiêu HTXS của tổ chức như bộ quy tắc Lâm Đồng 2021: 20 % số HTT, dưới 5 thì chọn 1."
    ),
    "member": {
        "levels": _LEVELS,
        "basis": "vote",
        "votes": _votes("2/3", "1/2", "gt", accumulate=True),
        "score": None,
        "task_conditions": [],
        "kht_triggers": [],
        "new_member_months": 6,
        "caps": ["cap_discipline", "cap_violation", "cap_civil_servant", "cap_sick_leave"],
        "award_replaces_htxs_rating": True,
        "quota": _quota("level", "htxs", "htt", "0.15", "0.2", None),
        "new_members_reviewed": True,
        "head_roles": ["bi_thu"],
    },
    "organisation": {
        "levels": _LEVELS,
        "basis": "proposed",
        "score": None,
        "conditions": "phucat-2023",
        "quota": _quota("level", "htxs", "htt", "0.2", "0.2", _FEWER_THAN_5_AT_HTT),
    },
}

QD366_2025: dict[str, Any] = {
    "code": "qd366-2025",
    "name": "Quy định 366-QĐ/TW (2025) và Hướng dẫn 43-HD/BTCTW",
    "source": "Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị (Điều 3, Điều 5, Điều 11, Điều 13) và Hướng "
    "dẫn số 43-HD/BTCTW ngày 31/10/2025 của Ban Tổ chức Trung ương (mục 3, mục 7.5).",
    "description": (
        "Đảng viên và tổ chức được xếp loại theo điểm trên 100 (30 điểm chung + 70 điểm nhiệm vụ): từ 90 HTXS, 70 "
        "đến dưới 90 HTT, 50 đến dưới 70 HT, dưới 50 KHT, kèm điều kiện nhiệm vụ (Điều 11): HTXS mọi nhiệm vụ đúng "
        "hạn, từ 30 % vượt, mọi hạn chế kỳ trước đã khắc phục; HTT mọi nhiệm vụ đúng hạn; HT mọi nhiệm vụ hoàn "
        "thành, trễ hạn không quá 20 %. "
        "Những điểm quy định không nói rõ và lựa chọn của bộ quy tắc: "
        "(1) Khung điểm là ngưỡng dưới: điểm 92 không đủ điều kiện HTXS thì xét HTT, rồi HT. Khi không mức nào đủ "
        "điều kiện và không có điều kiện KHT (ví dụ 92 điểm, 25 % nhiệm vụ trễ hạn), cấp có thẩm quyền quyết định; "
        "chương trình không đoán. "
        "(2) Tỷ lệ trễ hạn và vượt tính trên tổng số nhiệm vụ; thiếu số liệu nhiệm vụ thì điểm quyết định. "
        "(3) Kỷ luật (khiển trách trở lên) do vi phạm trong năm, suy thoái đã được kết luận và vi phạm những điều "
        "đảng viên không được làm, quy định nêu gương là điều kiện KHT (Điều 11): xếp KHT cả khi điểm cao hoặc chưa "
        "có điểm; giới hạn kỷ luật, vi phạm vẫn bật như các bộ quy tắc trước nhưng không còn hạ thêm. Không có giới "
        "hạn nghỉ ốm (Hướng dẫn 43-HD/BTCTW, mục 7.5: xếp loại theo kết quả thực tế); danh hiệu thi đua không thay "
        "mức HTXS công chức. "
        "(4) Chỉ tiêu HTXS không tính trong từng chi bộ mà theo nhóm đối tượng có vị trí, vai trò, chức năng, "
        "nhiệm vụ tương đồng do cấp có thẩm quyền quyết định (Điều 11 k.1.5): chi bộ chỉ đề nghị HTXS; cấp ủy "
        "quyết định xét chung cả nhóm (mặc định 2A lãnh đạo, quản lý; 2B trong hệ thống chính trị; 2C ngoài hệ "
        "thống). 20 % số HTT của nhóm (25 % với nhóm được cấp có thẩm quyền đánh giá xuất sắc), lấy phần nguyên, "
        "không có quy tắc đơn vị nhỏ; bằng điểm ở vị trí cắt thì cấp có thẩm quyền quyết định. "
        "(5) Đảng viên kết nạp chưa đủ 6 tháng không tham gia kiểm điểm (Điều 5 k.2.1): không viết bản kiểm điểm, "
        "không nộp hồ sơ, không xếp loại. "
        "(6) Giới hạn người đứng đầu không xếp cao hơn tổ chức mình không bật: các văn bản cụ thể hóa năm "
        "2026 có nêu nhưng khác nhau về việc bí thư chi bộ có tính là người đứng đầu; quản trị viên bật khi cấp "
        "ủy mình áp dụng."
    ),
    "member": {
        "levels": _LEVELS,
        "basis": "score",
        "votes": None,
        "score": _bands(("htxs", "htt", "ht"), ("90", "70", "50")),
        "task_conditions": [
            {"level": "htxs", "code": "all_on_time"},
            {"level": "htxs", "code": "exceeded_at_least", "share": "0.3"},
            {"level": "htxs", "code": "shortcomings_fixed"},
            {"level": "htt", "code": "all_on_time"},
            {"level": "ht", "code": "all_done"},
            {"level": "ht", "code": "late_at_most", "share": "0.2"},
        ],
        "kht_triggers": [
            {"code": "not_done_over", "share": "1/2"},
            {"code": "under_discipline"},
            {"code": "violation"},
            {"code": "leader_done_under", "share": "0.7"},
            {"code": "leader_units_kht_over", "share": "1/2"},
            {"code": "leader_low_confidence_over", "share": "1/2"},
        ],
        "new_member_months": 6,
        "caps": ["cap_discipline", "cap_violation", "cap_civil_servant"],
        "award_replaces_htxs_rating": False,
        "quota": _quota("level", "htxs", "htt", "0.2", "0.25", None, scope="pool"),
        "new_members_reviewed": False,
        "head_roles": ["bi_thu"],
    },
    "organisation": {
        "levels": _LEVELS,
        "basis": "score",
        "score": _bands(("htxs", "htt", "ht"), ("90", "70", "50")),
        "conditions": "qd366",
        "quota": _quota("level", "htxs", "htt", "0.2", "0.25", None),
    },
}

PRESETS: dict[str, dict[str, Any]] = {
    preset["code"]: preset for preset in (HCM_2014, LAMDONG_2021, PHUCAT_2023, QD366_2025)
}


def preset_dict(code: str) -> dict[str, Any]:
    """A deep copy of the preset's stored dict (safe to edit); KeyError for an unknown code."""
    return copy.deepcopy(PRESETS[code])


def get_preset(code: str) -> RuleSet:
    """The preset as a parsed ``RuleSet``; KeyError for an unknown code."""
    return parse_ruleset(PRESETS[code])
