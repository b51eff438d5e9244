"""The rule-set editor: every preset goes through the form unchanged, typed values are stored exactly, each engine
problem lands on its field, a preview writes nothing, decided results lock a rule set, two administrators cannot
overwrite each other, and the JSON file goes out and comes back."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.urls import reverse

from tests.dashboard.conftest import preset
from xeploai.dashboard.ruleset_forms import RuleSetForm, form_data, initial_from_params
from xeploai.reviews.models import RuleSet
from xeploai.reviews.records import UnitReview, UnitStatus
from xeploai.rules.presets import PRESETS
from xeploai.rules.ruleset import parse_ruleset
from xeploai.rules.sample import SAMPLE_CELL, compare

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", sorted(PRESETS))
def test_every_preset_goes_through_the_form_unchanged(code):
    form = RuleSetForm(form_data(initial_from_params(PRESETS[code])))
    assert form.is_valid(), form.errors
    assert parse_ruleset(form.cleaned_data["params"]) == parse_ruleset(PRESETS[code])


def _edit_data(preset_code: str, **changes) -> dict:
    data = form_data(initial_from_params(PRESETS[preset_code]))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _post_edit(client, ruleset_code: str, button: str = "save", **changes):
    ruleset = RuleSet.objects.get(code=ruleset_code)
    data = {**_edit_data(ruleset_code, **changes), button: "1", "read_at": ruleset.updated_at.isoformat()}
    return client.post(reverse("dashboard:ruleset_edit", args=[ruleset_code]), data)


@pytest.fixture
def lamdong(plan_tree):
    """An unused preset the administrator may edit."""
    preset("lamdong-2021")
    return plan_tree


def test_typed_commas_and_percentages_are_stored_exactly(client, lamdong):
    client.force_login(lamdong.admin)
    response = _post_edit(client, "lamdong-2021", m_quota_fraction="17,5 %", m_band_htxs="92,5",
                          m_quota_outstanding="0,25", m_new_member_months="6")
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = parse_ruleset(RuleSet.objects.get(code="lamdong-2021").params)
    assert str(stored.member.quota.fraction) == "7/40"
    assert str(stored.member.quota.outstanding_fraction) == "1/4"
    assert str(stored.member.score.bands[0].min_score) == "185/2"
    page = client.get(reverse("dashboard:ruleset_edit", args=["lamdong-2021"])).content.decode()
    assert 'value="17,5 %"' in page and 'value="92,5"' in page
    record = RuleSet.history.filter(code="lamdong-2021").first()
    assert record.history_change_reason == "Sửa bộ quy tắc" and record.history_user == lamdong.admin


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"m_band_htt": "96"}, "m_band_htt", ["Điểm sàn HTT", "giảm dần"]),
    ({"m_quota_base_level": "htxs"}, "m_quota_base_level", ["Mức làm cơ số", "thấp hơn mức bị giới hạn", "HTXS"]),
    ({"m_quota_fraction": "2/3,5"}, "m_quota_fraction", ["Tỷ lệ tối đa", "nhập một tỷ lệ"]),
    ({"m_quota_fraction": "120 %"}, "m_quota_fraction", ["Tỷ lệ tối đa", "phải từ 0 % đến 100 %"]),
    ({"m_quota_fraction": None}, "m_quota_fraction", ["Tỷ lệ tối đa", "cần nhập"]),
    ({"m_levels": ["htxs"]}, "m_levels", ["Các mức xếp loại đảng viên", "ít nhất 2 mức"]),
    ({"m_band_htxs": None, "m_band_htt": None, "m_band_ht": None}, "m_band_htxs", ["Điểm sàn HTXS", "cần nhập"]),
    ({"m_new_member_months": "-1"}, "m_new_member_months", ["Số tháng", "không được âm"]),
    ({"o_band_tsvm": "95"}, "o_band_tsvm", ["Trong sạch vững mạnh", "không có trong các mức"]),
    ({"code": "x"}, "code", []),
])
def test_each_problem_is_named_on_its_field_and_nothing_is_saved(client, lamdong, changes, field, words):
    client.force_login(lamdong.admin)
    before = RuleSet.objects.get(code="lamdong-2021").params
    response = _post_edit(client, "lamdong-2021", **changes)
    if field == "code":  # the code of a stored rule set cannot be changed: the posted one is ignored
        assert response.status_code == 302
        assert RuleSet.objects.filter(code="x").count() == 0
        return
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    message = " ".join(form.errors[field])
    for word in words:
        assert word in message, message
    assert "member." not in message and "organisation." not in message
    assert RuleSet.objects.get(code="lamdong-2021").params == before
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_preview_classifies_the_sample_cell_and_writes_nothing(client, lamdong):
    client.force_login(lamdong.admin)
    ruleset = RuleSet.objects.get(code="lamdong-2021")
    history = RuleSet.history.count()
    caps = [cap for cap in PRESETS["lamdong-2021"]["member"]["caps"] if cap != "cap_sick_leave"]
    response = _post_edit(client, "lamdong-2021", button="preview", m_caps=caps)
    assert response.status_code == 200
    preview = response.context["preview"]
    expected = compare(response.context["form"].cleaned_data["params"], {**ruleset.params, "code": ruleset.code})
    assert preview == expected
    changed = [row.name for row in preview.rows if row.changed]
    assert changed == ["Hoàng Văn Em"]  # 4 months of sick leave no longer cap him at HT
    assert len(preview.rows) == len(SAMPLE_CELL["members"])
    page = response.content.decode()
    assert "đảng viên đổi mức" in page and "Trần Thị Bình" in page
    assert RuleSet.objects.get(pk=ruleset.pk).updated_at == ruleset.updated_at
    assert RuleSet.history.count() == history


def test_a_rule_set_with_decided_results_is_locked(client, plan_tree):
    UnitReview.objects.create(period=plan_tree.period, unit=plan_tree.cell_a, status=UnitStatus.RECOGNISED)
    client.force_login(plan_tree.admin)
    before = RuleSet.objects.get(code="hcm-2014").params
    response = _post_edit(client, "hcm-2014", m_quota_fraction="20 %")
    assert response.status_code == 200
    assert "không sửa được nữa" in response.content.decode()
    assert RuleSet.objects.get(code="hcm-2014").params == before
    page = client.get(reverse("dashboard:ruleset_edit", args=["hcm-2014"])).content.decode()
    assert "Sao chép bộ này" in page and 'name="save"' not in page


def test_a_draft_only_period_does_not_lock(client, plan_tree):
    UnitReview.objects.create(period=plan_tree.period, unit=plan_tree.cell_a, status=UnitStatus.DRAFT)
    client.force_login(plan_tree.admin)
    assert _post_edit(client, "hcm-2014", m_quota_fraction="20 %").status_code == 302
    assert RuleSet.objects.get(code="hcm-2014").params["member"]["quota"]["fraction"] == "0.2"


def test_two_administrators_do_not_overwrite_each_other(client, lamdong):
    client.force_login(lamdong.admin)
    ruleset = RuleSet.objects.get(code="lamdong-2021")
    stale = ruleset.updated_at.isoformat()
    assert _post_edit(client, "lamdong-2021", m_band_htxs="91").status_code == 302
    data = {**_edit_data("lamdong-2021", m_band_htxs="99"), "save": "1", "read_at": stale}
    response = client.post(reverse("dashboard:ruleset_edit", args=["lamdong-2021"]), data)
    assert response.status_code == 200 and "vừa được người khác sửa" in response.content.decode()
    assert RuleSet.objects.get(code="lamdong-2021").params["member"]["score"]["bands"][0]["min"] == "91"


def test_copy_a_preset_into_a_new_rule_set(client, plan_tree):
    client.force_login(plan_tree.admin)
    page = client.get(reverse("dashboard:ruleset_create") + "?tu=hcm-2014")
    assert page.context["form"].initial["code"] == "hcm-2014-ban-sao"
    data = {**_edit_data("hcm-2014", code="hcm-2014", name="Bản của tỉnh"), "source_code": "hcm-2014", "save": "1"}
    taken = client.post(reverse("dashboard:ruleset_create"), data)
    assert taken.status_code == 200 and "đã có bộ quy tắc mã hcm-2014" in " ".join(taken.context["form"].errors["code"])
    data["code"] = "Mã Có Dấu"
    bad = client.post(reverse("dashboard:ruleset_create"), data)
    assert "chữ thường không dấu" in " ".join(bad.context["form"].errors["code"])
    data["code"] = "hcm-2014-tinh"
    response = client.post(reverse("dashboard:ruleset_create"), data)
    assert response.status_code == 302
    new = RuleSet.objects.get(code="hcm-2014-tinh")
    assert new.name == "Bản của tỉnh" and not new.is_preset
    assert parse_ruleset(new.params).member == parse_ruleset(PRESETS["hcm-2014"]).member
    assert new.history.first().history_change_reason == "Tạo từ bộ hcm-2014"


def test_export_then_import_fills_the_form_and_saves_nothing(client, plan_tree):
    client.force_login(plan_tree.admin)
    exported = client.get(reverse("dashboard:ruleset_export", args=["hcm-2014"]))
    assert exported["Content-Disposition"] == 'attachment; filename="bo-quy-tac-hcm-2014.json"'
    body = b"".join(exported.streaming_content) if exported.streaming else exported.content
    assert "Kế hoạch số 146-KH/ĐU".encode() in body  # Vietnamese letters, not \\u escapes
    count = RuleSet.objects.count()
    upload = io.BytesIO(b"\xef\xbb\xbf" + body)
    upload.name = "bo-quy-tac.json"
    response = client.post(reverse("dashboard:ruleset_import"), {"file": upload})
    assert response.status_code == 200 and RuleSet.objects.count() == count
    form = response.context["form"]
    assert form.initial["code"] == "hcm-2014-ban-sao"
    assert form.initial["m_vote_htxs"] == parse_ruleset(PRESETS["hcm-2014"]).member.votes.thresholds[0].fraction


@pytest.mark.parametrize(("content", "words"), [
    (b"not json", "không đọc được"),
    (b"[1, 2]", "không phải một bộ quy tắc"),
    (json.dumps({**PRESETS["hcm-2014"], "member": {**PRESETS["hcm-2014"]["member"], "basis": "dice"}}).encode(),
     "member.basis"),
    (b"\xff\xfe\x00", "không đọc được"),
    (b"[" * 200_000, "không đọc được"),
    (b" " * (300 * 1024), "tệp quá lớn"),
])
def test_a_bad_file_is_refused_with_a_message(client, plan_tree, content, words):
    client.force_login(plan_tree.admin)
    upload = io.BytesIO(content)
    upload.name = "x.json"
    response = client.post(reverse("dashboard:ruleset_import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert words in response.content.decode()


def test_the_list_page_query_count_does_not_grow_with_rule_sets(client, plan_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(plan_tree.admin)
    counts = []
    for codes in (["hcm-2014"], sorted(PRESETS)):
        for code in codes:
            preset(code)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard:rulesets")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


def test_the_sample_cell_is_classified_by_every_preset():
    for code, params in PRESETS.items():
        preview = compare(params, None)
        statuses = {row.after.status for row in preview.rows}
        assert {"rated", "not_rated", "exempt"} <= statuses, code
    assert SAMPLE_CELL["review_date"] == date(2026, 12, 10).isoformat()


def test_the_django_admin_sends_rule_sets_to_the_editor(client, plan_tree):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("sieu", password="mat-khau-thu-nghiem")
    client.force_login(superuser)
    ruleset = RuleSet.objects.get(code="hcm-2014")
    change = client.get(reverse("admin:reviews_ruleset_change", args=[ruleset.pk]))
    assert change.status_code == 302 and change["Location"] == reverse("dashboard:ruleset_edit", args=["hcm-2014"])
    add = client.get(reverse("admin:reviews_ruleset_add"))
    assert add["Location"] == reverse("dashboard:ruleset_create")
    assert client.get(reverse("admin:reviews_ruleset_changelist")).status_code == 200
