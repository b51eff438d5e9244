"""Vietnamese labels for every coded value of a rule set, as the plans word them.

The rule-set editor offers these as choices, so an administrator never types a code; the reasons of the engine
have their own sentences (``text.py``).
"""

from __future__ import annotations

from .levels import MEMBER_LABELS, ORG_LABELS, SHORT_LABELS

BASIS_MEMBER: dict[str, str] = {
    "vote": "Biểu quyết của chi bộ: mỗi mức cần số phiếu vượt ngưỡng",
    "score": "Chấm điểm: mức theo khung điểm và điều kiện về nhiệm vụ",
}
BASIS_ORGANISATION: dict[str, str] = {
    "score": "Chấm điểm theo khung điểm",
    "proposed": "Theo mức đơn vị tự đề xuất (kế hoạch không chấm điểm tổ chức)",
}
COMPARISONS: dict[str, str] = {
    "gt": "trên (lớn hơn hẳn; đúng bằng ngưỡng chưa đạt)",
    "gte": "từ … trở lên (bằng ngưỡng là đạt)",
}
CAPS: dict[str, str] = {
    "cap_discipline": "Đang chịu kỷ luật trong năm: không hoàn thành nhiệm vụ",
    "cap_violation": "Có vi phạm thuộc danh mục (không làm nhiệm vụ chi bộ giao, vi phạm điều cấm, suy thoái…): "
    "không hoàn thành nhiệm vụ",
    "cap_civil_servant": "Mức xếp loại công chức, viên chức giới hạn mức đảng viên",
    "cap_sick_leave": "Nghỉ ốm từ 3 tháng trở lên trong năm: cao nhất là hoàn thành nhiệm vụ",
    "cap_absences": "Vắng 3 lần sinh hoạt chi bộ (có lý do) trong năm: không được HTXS",
    "cap_leader_unit": "Bí thư, cấp ủy viên cấp trên, trưởng phòng có tổ chức chưa đạt mức cao nhất: không được HTXS",
    "cap_head_unit": "Người đứng đầu không được xếp cao hơn tổ chức mình phụ trách",
}
TASK_CONDITIONS: dict[str, str] = {
    "all_on_time": "Mọi nhiệm vụ hoàn thành đúng tiến độ",
    "all_done": "Mọi nhiệm vụ đều hoàn thành",
    "exceeded_at_least": "Số nhiệm vụ vượt mức, tỷ lệ tối thiểu",
    "late_at_most": "Số nhiệm vụ chậm tiến độ, tỷ lệ tối đa",
    "shortcomings_fixed": "Khắc phục hết hạn chế, khuyết điểm đã chỉ ra",
}
KHT_TRIGGERS: dict[str, str] = {
    "not_done_over": "Không hoàn thành quá tỷ lệ số nhiệm vụ",
    "leader_done_under": "Cán bộ lãnh đạo: hoàn thành dưới tỷ lệ số nhiệm vụ",
    "leader_units_kht_over": "Cán bộ lãnh đạo: quá tỷ lệ số đơn vị phụ trách không hoàn thành nhiệm vụ",
    "leader_low_confidence_over": "Cán bộ lãnh đạo: quá tỷ lệ phiếu tín nhiệm thấp",
    "under_discipline": "Bị kỷ luật từ khiển trách trở lên do vi phạm trong năm",
    "violation": "Vi phạm điều cấm, quy định nêu gương, hoặc suy thoái đã được kết luận",
}
ORG_CONDITION_SETS: dict[str, str] = {
    "hcm-2014": "Điều kiện của Kế hoạch 146-KH/ĐU (2014): trong sạch vững mạnh, HTT, HT, yếu kém",
    "qd366": "Điều kiện của Quy định 366-QĐ/TW (2025), Điều 11",
    "phucat-2023": "Điều kiện của kế hoạch Chi bộ THPT số 2 Phù Cát (2023), mục II.1",
    "bands-only": "Chỉ theo khung điểm, không xét điều kiện kèm theo",
}
QUOTA_KINDS: dict[str, str] = {
    "level": "Giới hạn số đơn vị được xếp mức này",
    "flag": "Giới hạn số đơn vị được biểu dương tiêu biểu trong số đạt mức này",
}
QUOTA_SCOPES: dict[str, str] = {
    "cell": "Tính trong từng chi bộ",
    "pool": "Cấp ủy tính chung theo nhóm đối tượng tương đồng (Quy định 366, Điều 11)",
}
QUOTA_ROUNDINGS: dict[str, str] = {
    "floor": "Làm tròn xuống (1,6 → 1)",
    "half_up": "Làm tròn thông thường (1,5 → 2; 1,4 → 1)",
}
QUOTA_BASES: dict[str, str] = {
    "htt": "Số được xếp hoàn thành tốt nhiệm vụ",
    "htt_and_above": "Số được xếp hoàn thành tốt nhiệm vụ trở lên (kể cả số được giữ mức cao nhất)",
}
SMALL_UNIT_MEASURES: dict[str, str] = {
    "members": "Số đảng viên của chi bộ (không kể người được miễn)",
    "base": "Cơ số (số được xếp mức làm cơ số)",
}
LEADER_ROLES: dict[str, str] = {
    "bi_thu": "Bí thư",
    "pho_bi_thu": "Phó Bí thư",
    "cap_uy_vien": "Cấp ủy viên",
    "cap_uy_cap_tren": "Cấp ủy viên cấp trên",
    "truong_phong": "Trưởng phòng (người đứng đầu cơ quan, đơn vị)",
}
STATUSES: dict[str, str] = {
    "rated": "Đã xếp loại",
    "not_rated": "Chưa xếp loại (chưa đủ 6 tháng)",
    "exempt": "Miễn kiểm điểm",
    "needs_decision": "Cần chi bộ hoặc cấp trên quyết định",
}


def level_label(code: str | None, organisation: bool = False) -> str:
    """"Hoàn thành tốt nhiệm vụ (HTT)"; "" for None."""
    if not code:
        return ""
    labels = ORG_LABELS if organisation else MEMBER_LABELS
    long = labels.get(code, code)
    short = SHORT_LABELS.get(code, code)
    return long if short == long else f"{long} ({short})"
