"""The rule-set editor's form: one field per setting of a rule set, grouped as the page shows them, every coded
value a Vietnamese choice.

``initial_from_params`` fills the form from a stored rule set; the form's ``clean`` builds the stored dict back
(``cleaned_data["params"]``) and lets the engine's own reader check it (``parse_ruleset``), so the editor accepts
exactly what the engine accepts; each problem the engine reports lands on the field it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms

from xeploai.lib.forms import DecimalField, FractionField, IntegerField, NamedErrors
from xeploai.rules import labels
from xeploai.rules.exact import fraction_to_str, parse_fraction
from xeploai.rules.levels import LEVELS, MEMBER_LEVELS, ORG_LABELS, SHORT_LABELS
from xeploai.rules.ruleset import RuleSetError, parse_ruleset, ruleset_to_dict
from xeploai.rules.ruleset_model import KHT_TRIGGERS, TASK_CONDITIONS

MEMBER_BANDED = MEMBER_LEVELS[:-1]  # the weakest level is every score below the lowest band
ORG_BANDED = ("htxs", "tsvm", "htt", "ht")
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LEVEL_WORD = re.compile(r"\b(" + "|".join(sorted(LEVELS, key=len, reverse=True)) + r")\b")


def _choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())


def _level_choices(codes: Iterable[str], organisation: bool = False) -> list[tuple[str, str]]:
    return [(code, labels.level_label(code, organisation)) for code in codes]


def _radio(choices, label: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def _select(choices, label: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.Select(attrs={"class": "form-select"}),
                             **kwargs)


def _checks(choices, label: str, **kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, widget=forms.CheckboxSelectMultiple,
                                     required=False, **kwargs)


def _flag(label: str, **kwargs) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, **kwargs)


def _share(label: str, percent: bool = True, **kwargs) -> FractionField:
    return FractionField(label=label, required=False, percent=percent, **kwargs)


def _score(label: str, **kwargs) -> DecimalField:
    return DecimalField(label=label, required=False, min_value=0, max_value=1000, decimal_places=2, **kwargs)


def _count(label: str, high: int, **kwargs) -> IntegerField:
    return IntegerField(label=label, required=False, min_value=0, max_value=high, **kwargs)


class RuleSetForm(NamedErrors, forms.Form):
    code = forms.CharField(label="Mã bộ quy tắc", max_length=40,
                           help_text="Chữ thường không dấu, số và dấu gạch ngang, ví dụ qd366-2026-tinh; "
                                     "không đổi được sau khi tạo.")
    name = forms.CharField(label="Tên bộ quy tắc", max_length=200)
    source = forms.CharField(label="Văn bản nguồn (số, ngày, mục)", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label="Mô tả và các lựa chọn khi văn bản không quy định", required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))

    # Members: levels and basis
    m_levels = _checks(_level_choices(MEMBER_LEVELS), "Các mức xếp loại đảng viên (từ cao xuống thấp)")
    m_basis = _radio(_choices(labels.BASIS_MEMBER), "Căn cứ xếp loại đảng viên")
    m_accumulate = _flag("Cộng dồn phiếu: phiếu cho mức cao hơn được tính cho các mức thấp hơn đến HT "
                         "(không cộng vào KHT)")
    m_score_max = _score("Điểm tối đa của phiếu chấm điểm đảng viên")
    m_new_member_months = _count("Số tháng đảng viên mới phải có trước khi được xếp loại", 120)
    m_new_members_reviewed = _flag("Đảng viên mới chưa đủ thời gian vẫn viết bản tự kiểm điểm (chỉ không xếp loại)")
    m_caps = _checks(_choices(labels.CAPS), "Các giới hạn mức áp dụng")
    m_award = _flag("Danh hiệu thi đua hoặc bằng khen cùng xếp loại công chức HTT được coi như HTXS khi xét giới hạn "
                    "mức công chức")
    m_head_roles = _checks(_choices(labels.LEADER_ROLES), "Chức vụ được coi là người đứng đầu (giới hạn theo mức "
                                                          "của tổ chức)")

    # Organisation
    o_levels = _checks(_level_choices(LEVELS, organisation=True), "Các mức xếp loại tổ chức đảng (từ cao xuống "
                                                                   "thấp, mỗi bậc một mức)")
    o_basis = _radio(_choices(labels.BASIS_ORGANISATION), "Căn cứ xếp loại tổ chức")
    o_conditions = _select(_choices(labels.ORG_CONDITION_SETS), "Điều kiện kèm theo từng mức")
    o_score_max = _score("Điểm tối đa của tổ chức")

    def __init__(self, *args, code_locked: bool = False, taken_codes: Iterable[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taken_codes = set(taken_codes)
        if code_locked:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Mã không đổi được sau khi tạo (các kỳ kiểm điểm dùng mã này)."
        for level in MEMBER_LEVELS:
            short = SHORT_LABELS[level]
            self.fields[f"m_vote_{level}"] = _share(f"Ngưỡng phiếu {short}", percent=False)
            self.fields[f"m_vote_{level}_cmp"] = _select(_choices(labels.COMPARISONS), f"So sánh với ngưỡng {short}",
                                                         required=False)
        for level in MEMBER_BANDED:
            self.fields[f"m_band_{level}"] = _score(f"Điểm sàn {SHORT_LABELS[level]} của đảng viên")
            for code, needs_share in TASK_CONDITIONS.items():
                name = f"m_task_{level}_{code}"
                self.fields[name] = _flag(f"{SHORT_LABELS[level]}: {labels.TASK_CONDITIONS[code]}")
                if needs_share:
                    self.fields[f"{name}_share"] = _share(f"{SHORT_LABELS[level]}: {labels.TASK_CONDITIONS[code]}")
        for code, needs_share in KHT_TRIGGERS.items():
            self.fields[f"m_kht_{code}"] = _flag(labels.KHT_TRIGGERS[code])
            if needs_share:
                self.fields[f"m_kht_{code}_share"] = _share(f"{labels.KHT_TRIGGERS[code]}: tỷ lệ")
        for level in ORG_BANDED:
            self.fields[f"o_band_{level}"] = _score(f"Điểm sàn {ORG_LABELS[level]} của tổ chức")
        self._add_quota("m", "đảng viên", MEMBER_LEVELS, organisation=False)
        self._add_quota("o", "tổ chức", LEVELS, organisation=True)
        self.paths: dict[str, str] = {}

    def _add_quota(self, prefix: str, whose: str, levels: tuple[str, ...], organisation: bool) -> None:
        level_choices = _level_choices(levels, organisation)
        fields = {
            "quota_on": _flag(f"Giới hạn số lượng {whose} được xếp mức cao nhất"),
            "quota_level": _select(level_choices, f"Mức bị giới hạn ({whose})", required=False),
            "quota_base_level": _select(level_choices, f"Mức làm cơ số ({whose})", required=False),
            "quota_fraction": _share(f"Tỷ lệ tối đa so với cơ số ({whose})"),
            "quota_outstanding": _share(f"Tỷ lệ tối đa cho đơn vị có thành tích nổi trội ({whose})",
                                        help_text="Để trống là bằng tỷ lệ thường."),
            "quota_rounding": _radio(_choices(labels.QUOTA_ROUNDINGS), f"Làm tròn số được chọn ({whose})",
                                     required=False),
            "quota_base": _radio(_choices(labels.QUOTA_BASES), f"Cơ số tính trên ({whose})", required=False),
            "small_on": _flag(f"Quy định riêng cho đơn vị nhỏ ({whose})"),
            "small_measure": _select(_choices(labels.SMALL_UNIT_MEASURES), f"Đơn vị nhỏ tính theo ({whose})",
                                     required=False),
            "small_below": _count(f"Đơn vị nhỏ: dưới bao nhiêu ({whose})", 1000),
            "small_allowed": _count(f"Đơn vị nhỏ: được chọn bao nhiêu ({whose})", 1000),
        }
        if organisation:
            fields["quota_kind"] = _radio(_choices(labels.QUOTA_KINDS), "Loại giới hạn (tổ chức)", required=False)
        else:
            fields["quota_scope"] = _radio(_choices(labels.QUOTA_SCOPES), "Nơi tính chỉ tiêu (đảng viên)",
                                           required=False)
        for name, field in fields.items():
            self.fields[f"{prefix}_{name}"] = field

    # Rows for the template -------------------------------------------------------------------------------------
    def vote_rows(self) -> list[tuple[str, Any, Any]]:
        return [(labels.level_label(level), self[f"m_vote_{level}"], self[f"m_vote_{level}_cmp"])
                for level in MEMBER_LEVELS]

    def member_band_rows(self) -> list[tuple[str, Any]]:
        return [(labels.level_label(level), self[f"m_band_{level}"]) for level in MEMBER_BANDED]

    def org_band_rows(self) -> list[tuple[str, Any]]:
        return [(labels.level_label(level, True), self[f"o_band_{level}"]) for level in ORG_BANDED]

    def task_rows(self) -> list[tuple[str, list[tuple[str, Any, Any]]]]:
        return [
            (labels.TASK_CONDITIONS[code], [
                (SHORT_LABELS[level], self[f"m_task_{level}_{code}"],
                 self[f"m_task_{level}_{code}_share"] if needs_share else None)
                for level in MEMBER_BANDED
            ])
            for code, needs_share in TASK_CONDITIONS.items()
        ]

    def kht_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"m_kht_{code}"], self[f"m_kht_{code}_share"] if needs_share else None)
                for code, needs_share in KHT_TRIGGERS.items()]

    def _quota_fields(self, prefix: str) -> dict[str, Any]:
        return {name.removeprefix(f"{prefix}_"): self[name] for name in self.fields
                if name.startswith((f"{prefix}_quota_", f"{prefix}_small_"))}

    @property
    def member_quota(self) -> dict[str, Any]:
        return self._quota_fields("m")

    @property
    def org_quota(self) -> dict[str, Any]:
        return self._quota_fields("o")

    def full_clean(self) -> None:
        """Invalid fields carry `is-invalid`, `aria-invalid` and point at their message."""
        super().full_clean()
        for name in getattr(self, "_errors", {}) or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}_error"

    # Validation ------------------------------------------------------------------------------------------------
    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if self.fields["code"].disabled:
            return code
        if not CODE.fullmatch(code):
            raise forms.ValidationError("chỉ dùng chữ thường không dấu (a–z), chữ số và dấu gạch ngang giữa các "
                                        "phần, ví dụ qd366-2026-tinh.")
        if code in self.taken_codes:
            raise forms.ValidationError(f"đã có bộ quy tắc mã {code}; chọn mã khác.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        params = self._params(data)
        try:
            ruleset = parse_ruleset(params)
        except RuleSetError as error:
            for path, message in error.errors:
                self._engine_error(path, message)
        else:
            data["params"] = ruleset_to_dict(ruleset)
        return data

    def _engine_error(self, path: str, message: str) -> None:
        text = message.removeprefix(f"{path}: ")
        if "thiếu trường bắt buộc" in text:
            text = "cần nhập với các lựa chọn đã chọn."
        elif "không hợp lệ; các giá trị hợp lệ" in text:
            text = "mức này không có trong các mức đã chọn của bộ quy tắc." if ("level" in path) else \
                "lựa chọn không hợp lệ."
        text = _LEVEL_WORD.sub(lambda m: SHORT_LABELS[m.group(1)], text)
        text = text.replace("'gte'", "“từ … trở lên”").replace("'flag'", "“biểu dương tiêu biểu”")
        for code, label in labels.ORG_CONDITION_SETS.items():
            text = text.replace(f"bộ điều kiện {code}", f"bộ điều kiện “{label}”")
        field = self._field_for(path)
        self.add_error(field, f"{self.fields[field].label}: {text}" if field else f"{_section(path)}: {text}")

    def _field_for(self, path: str) -> str | None:
        probe = path
        while probe:
            if probe in self.paths:
                return self.paths[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return None

    # The stored dict, with the field each path came from --------------------------------------------------------
    def _put(self, target: dict[str, Any], key: str, value: Any, path: str, field: str) -> None:
        target[key] = value
        self.paths[path] = field

    def _params(self, data: dict[str, Any]) -> dict[str, Any]:
        self.paths = {"code": "code", "name": "name", "source": "source", "description": "description",
                      "member.levels": "m_levels", "member.basis": "m_basis", "member.caps": "m_caps",
                      "member.head_roles": "m_head_roles", "member.new_member_months": "m_new_member_months",
                      "organisation.levels": "o_levels", "organisation.basis": "o_basis",
                      "organisation.conditions": "o_conditions",
                      "member.votes": "m_vote_htxs", "member.score": "m_band_htxs",
                      "organisation.score": "o_band_htxs", "member.votes.accumulate": "m_accumulate"}
        member = {
            "levels": [code for code in MEMBER_LEVELS if code in data["m_levels"]],
            "basis": data["m_basis"],
            "votes": self._votes(data),
            "score": self._score(data, "m", MEMBER_BANDED, "member.score"),
            "task_conditions": self._tasks(data),
            "kht_triggers": self._triggers(data),
            "new_member_months": 6 if data["m_new_member_months"] is None else data["m_new_member_months"],
            "caps": [code for code in labels.CAPS if code in data["m_caps"]],
            "award_replaces_htxs_rating": data["m_award"],
            "quota": self._quota(data, "m", "member.quota"),
            "new_members_reviewed": data["m_new_members_reviewed"],
            "head_roles": [code for code in labels.LEADER_ROLES if code in data["m_head_roles"]],
        }
        organisation = {
            "levels": [code for code in LEVELS if code in data["o_levels"]],
            "basis": data["o_basis"],
            "score": self._score(data, "o", ORG_BANDED, "organisation.score"),
            "conditions": data["o_conditions"],
            "quota": self._quota(data, "o", "organisation.quota"),
        }
        return {"code": data["code"], "name": data["name"].strip(), "source": data["source"].strip(),
                "description": data["description"].strip(), "member": member, "organisation": organisation}

    def _votes(self, data: dict[str, Any]) -> dict[str, Any] | None:
        thresholds = []
        for level in MEMBER_LEVELS:
            share = data[f"m_vote_{level}"]
            if share is None:
                continue
            path = f"member.votes.thresholds[{len(thresholds)}]"
            self.paths[f"{path}.fraction"] = self.paths[path] = f"m_vote_{level}"
            self.paths[f"{path}.comparison"] = f"m_vote_{level}_cmp"
            thresholds.append({"level": level, "fraction": fraction_to_str(share),
                               "comparison": data[f"m_vote_{level}_cmp"] or "gt"})
        if not thresholds:
            return None
        return {"accumulate": data["m_accumulate"], "thresholds": thresholds}

    def _score(self, data: dict[str, Any], prefix: str, levels: tuple[str, ...], path: str) -> dict[str, Any] | None:
        bands = []
        for level in levels:
            low = data[f"{prefix}_band_{level}"]
            if low is None:
                continue
            item = f"{path}.bands[{len(bands)}]"
            self.paths[item] = self.paths[f"{item}.min"] = self.paths[f"{item}.level"] = f"{prefix}_band_{level}"
            bands.append({"level": level, "min": fraction_to_str(Fraction(low))})
        if not bands:
            return None
        top = data[f"{prefix}_score_max"]
        self.paths[f"{path}.max"] = f"{prefix}_score_max"
        return {"max": fraction_to_str(Fraction(100 if top is None else top)), "bands": bands}

    def _tasks(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        items = []
        for level in MEMBER_BANDED:
            for code, needs_share in TASK_CONDITIONS.items():
                name = f"m_task_{level}_{code}"
                if not data[name]:
                    continue
                path = f"member.task_conditions[{len(items)}]"
                self.paths[path] = self.paths[f"{path}.level"] = name
                item: dict[str, Any] = {"code": code, "level": level}
                if needs_share:
                    self.paths[f"{path}.share"] = f"{name}_share"
                    share = data[f"{name}_share"]
                    if share is not None:
                        item["share"] = fraction_to_str(share)
                items.append(item)
        return items

    def _triggers(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        items = []
        for code, needs_share in KHT_TRIGGERS.items():
            name = f"m_kht_{code}"
            if not data[name]:
                continue
            path = f"member.kht_triggers[{len(items)}]"
            self.paths[path] = name
            item: dict[str, Any] = {"code": code}
            if needs_share:
                self.paths[f"{path}.share"] = f"{name}_share"
                if data[f"{name}_share"] is not None:
                    item["share"] = fraction_to_str(data[f"{name}_share"])
            items.append(item)
        return items

    def _quota(self, data: dict[str, Any], prefix: str, path: str) -> dict[str, Any] | None:
        if not data[f"{prefix}_quota_on"]:
            return None
        self.paths[path] = f"{prefix}_quota_on"
        quota: dict[str, Any] = {}
        keys = {"kind": "quota_kind", "level": "quota_level", "base_level": "quota_base_level",
                "fraction": "quota_fraction", "outstanding_fraction": "quota_outstanding", "scope": "quota_scope",
                "rounding": "quota_rounding", "base": "quota_base"}
        for key, name in keys.items():
            field = f"{prefix}_{name}"
            if field not in self.fields:
                continue
            value = data[field]
            if isinstance(value, Fraction):
                value = fraction_to_str(value)
            if value not in (None, ""):
                self._put(quota, key, value, f"{path}.{key}", field)
            else:
                self.paths[f"{path}.{key}"] = field
        if data[f"{prefix}_small_on"]:
            small = {"measure": data[f"{prefix}_small_measure"] or None, "below": data[f"{prefix}_small_below"],
                     "allowed": data[f"{prefix}_small_allowed"]}
            self.paths[f"{path}.small_unit"] = f"{prefix}_small_on"
            for key in small:
                self.paths[f"{path}.small_unit.{key}"] = f"{prefix}_small_{key}"
            quota["small_unit"] = small
        return quota


def _section(path: str) -> str:
    return {"member": "Đảng viên", "organisation": "Tổ chức đảng"}.get(path.split(".")[0], "Bộ quy tắc")


def _share_initial(value: Any) -> Fraction | None:
    return None if value is None else parse_fraction(value)


def initial_from_params(params: dict[str, Any]) -> dict[str, Any]:
    """The form's initial values for a stored rule set (read through the engine, so defaults are filled in)."""
    stored = ruleset_to_dict(parse_ruleset(params))
    member, org = stored["member"], stored["organisation"]
    initial: dict[str, Any] = {key: stored[key] for key in ("code", "name", "source", "description")}
    initial.update({
        "m_levels": member["levels"], "m_basis": member["basis"], "m_new_member_months": member["new_member_months"],
        "m_new_members_reviewed": member["new_members_reviewed"], "m_caps": member["caps"],
        "m_award": member["award_replaces_htxs_rating"], "m_head_roles": member["head_roles"],
        "o_levels": org["levels"], "o_basis": org["basis"], "o_conditions": org["conditions"],
    })
    votes = member["votes"]
    if votes:
        initial["m_accumulate"] = votes["accumulate"]
        for item in votes["thresholds"]:
            initial[f"m_vote_{item['level']}"] = _share_initial(item["fraction"])
            initial[f"m_vote_{item['level']}_cmp"] = item["comparison"]
    for prefix, score in (("m", member["score"]), ("o", org["score"])):
        if score:
            initial[f"{prefix}_score_max"] = _decimal(score["max"])
            for band in score["bands"]:
                initial[f"{prefix}_band_{band['level']}"] = _decimal(band["min"])
    for item in member["task_conditions"]:
        name = f"m_task_{item['level']}_{item['code']}"
        initial[name] = True
        if "share" in item:
            initial[f"{name}_share"] = _share_initial(item["share"])
    for item in member["kht_triggers"]:
        initial[f"m_kht_{item['code']}"] = True
        if "share" in item:
            initial[f"m_kht_{item['code']}_share"] = _share_initial(item["share"])
    for prefix, quota in (("m", member["quota"]), ("o", org["quota"])):
        initial.update(_quota_initial(prefix, quota))
    return initial


def _decimal(value: str) -> Decimal:
    number = parse_fraction(value)
    return Decimal(number.numerator) / Decimal(number.denominator)


def _quota_initial(prefix: str, quota: dict[str, Any] | None) -> dict[str, Any]:
    if not quota:
        return {f"{prefix}_quota_on": False, f"{prefix}_quota_rounding": "floor", f"{prefix}_quota_base": "htt",
                f"{prefix}_quota_scope": "cell", f"{prefix}_quota_kind": "level"}
    initial = {
        f"{prefix}_quota_on": True, f"{prefix}_quota_kind": quota["kind"], f"{prefix}_quota_level": quota["level"],
        f"{prefix}_quota_base_level": quota["base_level"],
        f"{prefix}_quota_fraction": _share_initial(quota["fraction"]),
        f"{prefix}_quota_outstanding": _share_initial(quota["outstanding_fraction"]),
        f"{prefix}_quota_scope": quota["scope"], f"{prefix}_quota_rounding": quota["rounding"],
        f"{prefix}_quota_base": quota["base"],
    }
    small = quota["small_unit"]
    initial[f"{prefix}_small_on"] = bool(small)
    if small:
        initial.update({f"{prefix}_small_measure": small["measure"], f"{prefix}_small_below": small["below"],
                        f"{prefix}_small_allowed": small["allowed"]})
    return initial


def form_data(initial: dict[str, Any]) -> dict[str, Any]:
    """``initial`` as a browser would post it (tests, and the import that fills the form)."""
    form = RuleSetForm()
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = initial.get(name, field.initial)
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field, forms.MultipleChoiceField):
            data[name] = list(value or [])
        elif isinstance(field, forms.ChoiceField):
            data[name] = "" if value is None else str(value)
        elif value is not None:
            data[name] = field.widget.format_value(value)
    return data
