"""Plans in the browser: create, validate, steps, order, copy, supervisors; never a 500 for bad input."""

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import make_member
from tests.dashboard.conftest import make_period, preset
from xeploai.reviews.models import Milestone, ReviewPeriod, SupervisorAssignment
from xeploai.reviews.records import MemberReview

pytestmark = pytest.mark.django_db


def period_data(**changes) -> dict:
    data = {"year": "2015", "plan_number": "12-KH/ĐU", "plan_date": "2015-11-03", "issuing_body": "Đảng ủy",
            "title": "Kế hoạch kiểm điểm năm 2015", "ruleset": str(preset("hcm-2014").pk),
            "review_date": "2015-11-24"}
    return {**data, **changes}


def step_data(**changes) -> dict:
    return {"title": "Chi bộ họp kiểm điểm", "unit_kinds": ["chi_bo_truc_thuoc"], "start": "2014-11-20",
            "due": "2014-11-28", **changes}


def errors(response) -> list[str]:
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


def test_the_office_creates_a_period_and_lands_on_its_plan(client, plan_tree):
    client.force_login(plan_tree.office)
    response = client.post(reverse("dashboard:period_create", args=["dang-uy"]), period_data())
    period = ReviewPeriod.objects.get(committee=plan_tree.committee, year=2015)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:plan", args=[period.pk])
    assert period.plan_number == "12-KH/ĐU" and period.ruleset.code == "hcm-2014"
    assert period.history.first().history_user == plan_tree.office


def test_the_form_shows_each_rule_set_with_its_description(client, plan_tree):
    client.force_login(plan_tree.office)
    page = client.get(reverse("dashboard:period_create", args=["dang-uy"])).content.decode()
    assert "Mô tả bộ quy tắc" in page and "trên 2/3" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"year": "2014"}, "Năm: Đảng bộ cơ quan đã có kỳ kiểm điểm năm 2014."),
    ({"plan_date": "2013-11-03"}, "Ngày kế hoạch (03/11/2013): phải thuộc năm 2015 hoặc đầu năm 2016."),
    ({"review_date": "ngày mai"}, "Ngày kiểm điểm (mốc tính): nhập ngày theo dạng ngày/tháng/năm, ví dụ 20/12/2026."),
    ({"ruleset": "999999"}, "Bộ quy tắc xếp loại: lựa chọn không có trong danh sách."),
    ({"ruleset": "abc"}, "Bộ quy tắc xếp loại: lựa chọn không có trong danh sách."),
    ({"plan_number": ""}, "Số kế hoạch: bắt buộc nhập."),
    ({"plan_number": "x" * 41}, "Số kế hoạch: tối đa 40 ký tự (đang có 41)."),
    ({"year": "1999"}, "Năm: không được nhỏ hơn 2000."),
    ({"year": "năm"}, "Năm: nhập một số nguyên (chỉ chữ số 0–9)."),
])
def test_a_bad_period_is_refused_with_a_message_naming_the_field(client, plan_tree, changes, message):
    client.force_login(plan_tree.office)
    response = client.post(reverse("dashboard:period_create", args=["dang-uy"]), period_data(**changes))
    assert response.status_code == 200
    assert message in errors(response)
    assert not ReviewPeriod.objects.filter(year=2015).exists()


def test_editing_keeps_the_year_and_locks_the_rule_set_once_reviews_exist(client, plan_tree):
    period = plan_tree.period
    MemberReview.objects.create(period=period, member=plan_tree.member_a, unit=plan_tree.cell_a)
    client.force_login(plan_tree.office)
    data = period_data(year="2020", ruleset=str(preset("qd366-2025").pk), plan_date="2014-11-05",
                       review_date="2014-11-26", plan_number="147-KH/ĐU")
    response = client.post(reverse("dashboard:period_edit", args=[period.pk]), data)
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.year, period.ruleset.code, period.plan_number) == (2014, "hcm-2014", "147-KH/ĐU")


def test_add_steps_in_order_and_accept_january_for_the_report_upward(client, plan_tree):
    period = make_period(plan_tree.committee, 2016, steps=[])
    client.force_login(plan_tree.office)
    url = reverse("dashboard:step_add", args=[period.pk])
    assert client.post(url, step_data(start="2016-11-20", due="2016-11-28")).status_code == 302
    report = step_data(title="Gửi hồ sơ lên cấp trên", unit_kinds=[], start="2016-12-20", due="2017-01-31")
    assert client.post(url, report).status_code == 302
    steps = list(period.milestones.order_by("order"))
    assert [(s.order, s.due) for s in steps] == [(1, date(2016, 11, 28)), (2, date(2017, 1, 31))]
    assert steps[1].unit_kinds == []
    plan = client.get(reverse("dashboard:plan", args=[period.pk])).content.decode()
    assert "năm sau" in plan and "hồ sơ đã gửi cấp trên" in plan


@pytest.mark.parametrize(("changes", "message"), [
    ({"due": "2014-11-19"}, "Hạn hoàn thành (19/11/2014) không được trước ngày bắt đầu (20/11/2014)."),
    ({"start": "2013-12-31"}, "Ngày bắt đầu (31/12/2013): phải trong năm 2014; riêng bước báo cáo, gửi hồ sơ lên "
                              "cấp trên được kéo đến hết ngày 31/01/2015."),
    ({"due": "2015-02-01"}, "Hạn hoàn thành (01/02/2015): phải trong năm 2014; riêng bước báo cáo, gửi hồ sơ lên "
                            "cấp trên được kéo đến hết ngày 31/01/2015."),
    ({"unit_kinds": ["khong_co"]}, "Áp dụng cho: lựa chọn không có trong danh sách."),
    ({"title": ""}, "Nội dung: bắt buộc nhập."),
    ({"start": "31/02/2014"},
     "Từ ngày: không có ngày 31/02/2014 (ngày hoặc tháng sai; nhập theo thứ tự ngày/tháng/năm)."),
])
def test_a_bad_step_is_refused_with_a_message_naming_the_field(client, plan_tree, changes, message):
    client.force_login(plan_tree.office)
    before = Milestone.objects.count()
    response = client.post(reverse("dashboard:step_add", args=[plan_tree.period.pk]), step_data(**changes))
    assert response.status_code == 200 and message in errors(response)
    assert Milestone.objects.count() == before


def test_edit_move_and_delete_a_step(client, plan_tree):
    period = plan_tree.period
    client.force_login(plan_tree.office)
    first, second, third = period.milestones.order_by("order")[:3]
    response = client.post(reverse("dashboard:step_edit", args=[period.pk, second.pk]),
                           step_data(title="Thông qua dự thảo (sửa)", unit_kinds=[], start="2014-11-10",
                                     due="2014-11-13"))
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.title, second.due) == ("Thông qua dự thảo (sửa)", date(2014, 11, 13))
    client.post(reverse("dashboard:step_move", args=[period.pk, third.pk]), {"huong": "len"})
    assert list(period.milestones.order_by("order").values_list("pk", flat=True)[:3]) == [first.pk, third.pk,
                                                                                            second.pk]
    client.post(reverse("dashboard:step_move", args=[period.pk, first.pk]), {"huong": "len"})  # already first
    client.post(reverse("dashboard:step_move", args=[period.pk, first.pk]), {"huong": "xuong"})
    assert list(period.milestones.order_by("order").values_list("order", "pk")[:2]) == [(1, third.pk),
                                                                                         (2, first.pk)]
    assert client.post(reverse("dashboard:step_delete", args=[period.pk, second.pk])).status_code == 302
    assert not Milestone.objects.filter(pk=second.pk).exists()
    assert Milestone.history.filter(id=second.pk, history_type="-").exists()


def test_a_step_of_another_period_is_not_found(client, plan_tree):
    other = make_period(plan_tree.committee, 2015)
    step = other.milestones.first()
    client.force_login(plan_tree.office)
    assert client.get(reverse("dashboard:step_edit", args=[plan_tree.period.pk, step.pk])).status_code == 404


def test_copy_last_years_plan_shifts_every_date_and_keeps_the_steps(client, plan_tree):
    source = make_period(plan_tree.committee, 2023, steps=[
        ("Đảng viên viết bản tự kiểm điểm năm 2023", [], date(2014, 2, 28), date(2014, 11, 7)),
        ("Báo cáo cấp trên", ["dang_bo_co_so"], date(2014, 12, 20), date(2015, 1, 15)),
    ], plan_date=date(2023, 11, 4), review_date=date(2023, 11, 25))
    SupervisorAssignment.objects.create(period=source, unit=plan_tree.cell_a, supervisor=plan_tree.deputy)
    SupervisorAssignment.objects.create(period=source, unit=plan_tree.cell_b, supervisor=plan_tree.member_b)
    client.force_login(plan_tree.office)
    form = client.get(reverse("dashboard:period_copy", args=[source.pk])).context["form"]
    assert form.initial["plan_date"] == date(2024, 11, 4) and form.initial["title"] == "Kế hoạch kiểm điểm năm 2024"
    data = period_data(year="2030", plan_date="2024-11-04", review_date="2024-11-25", plan_number="20-KH/ĐU",
                       title="Kế hoạch kiểm điểm năm 2024", copy_supervisors="on")
    response = client.post(reverse("dashboard:period_copy", args=[source.pk]), data)
    new = ReviewPeriod.objects.get(committee=plan_tree.committee, year=2024)  # the year cannot be typed over
    assert response["Location"] == reverse("dashboard:plan", args=[new.pk])
    steps = list(new.milestones.order_by("order").values_list("title", "unit_kinds", "start", "due"))
    assert steps == [("Đảng viên viết bản tự kiểm điểm năm 2024", [], date(2024, 2, 28), date(2024, 11, 7)),
                     ("Báo cáo cấp trên", ["dang_bo_co_so"], date(2024, 12, 20), date(2025, 1, 15))]
    # member_b holds no committee post: only the deputy's assignment is copied
    assert list(new.supervisors.values_list("unit__code", "supervisor__full_name")) == [("chi-bo-a",
                                                                                         "Lâm Đình Chiến")]


def test_copy_turns_29_february_into_28_february(client, plan_tree):
    source = make_period(plan_tree.committee, 2024, steps=[("Họp chi bộ", [], date(2014, 2, 28), date(2014, 3, 1))],
                         plan_date=date(2024, 2, 29), review_date=date(2024, 11, 25))
    Milestone.objects.filter(period=source).update(start=date(2024, 2, 29))
    client.force_login(plan_tree.office)
    initial = client.get(reverse("dashboard:period_copy", args=[source.pk])).context["form"].initial
    assert initial["plan_date"] == date(2025, 2, 28)
    data = period_data(year="2025", plan_date="2025-02-28", review_date="2025-11-25")
    assert client.post(reverse("dashboard:period_copy", args=[source.pk]), data).status_code == 302
    assert ReviewPeriod.objects.get(year=2025).milestones.get().start == date(2025, 2, 28)


def test_copy_to_a_year_that_already_has_a_plan_is_refused(client, plan_tree):
    make_period(plan_tree.committee, 2015)
    client.force_login(plan_tree.office)
    response = client.post(reverse("dashboard:period_copy", args=[plan_tree.period.pk]), period_data())
    assert "Năm: Đảng bộ cơ quan đã có kỳ kiểm điểm năm 2015." in errors(response)
    assert ReviewPeriod.objects.filter(year=2015).get().milestones.count() == 5  # untouched


def test_supervisors_are_committee_members_assigned_in_one_form(client, plan_tree):
    period = plan_tree.period
    client.force_login(plan_tree.office)
    page = client.get(reverse("dashboard:supervisors", args=[period.pk]))
    labels = [label for _, label in page.context["form"].fields[f"unit_{plan_tree.cell_a.pk}"].choices]
    assert labels == ["— chưa phân công —", "Lê Thanh Tân – Bí thư", "Lâm Đình Chiến – Phó Bí thư"]
    data = {f"unit_{plan_tree.cell_a.pk}": plan_tree.secretary_committee.pk,
            f"unit_{plan_tree.cell_b.pk}": plan_tree.deputy.pk}
    assert client.post(reverse("dashboard:supervisors", args=[period.pk]), data).status_code == 302
    data[f"unit_{plan_tree.cell_b.pk}"] = ""
    client.post(reverse("dashboard:supervisors", args=[period.pk]), data)
    assert list(period.supervisors.values_list("unit_id", "supervisor_id")) == [
        (plan_tree.cell_a.pk, plan_tree.secretary_committee.pk)]
    plan = client.get(reverse("dashboard:plan", args=[period.pk])).content.decode()
    assert "Lê Thanh Tân</strong>, Bí thư: phụ trách Chi bộ A" in plan


def test_a_supervisor_outside_the_committee_is_refused(client, plan_tree):
    outsider = make_member(plan_tree.other_cell, "Người Ngoài")
    client.force_login(plan_tree.office)
    response = client.post(reverse("dashboard:supervisors", args=[plan_tree.period.pk]),
                           {f"unit_{plan_tree.cell_a.pk}": outsider.pk})
    assert response.status_code == 200
    assert errors(response) == ["Chi bộ A: lựa chọn không có trong danh sách."]
    assert not SupervisorAssignment.objects.exists()


def test_garbage_input_never_gives_a_server_error(client, plan_tree):
    client.force_login(plan_tree.office)
    period = plan_tree.period
    step = period.milestones.first()
    junk = {"year": "\x00", "ruleset": ["1", "2"], "start": "9999-99-99", "unit_kinds": "x" * 5000,
            f"unit_{plan_tree.cell_a.pk}": "abc"}
    for url in [reverse("dashboard:period_create", args=["dang-uy"]),
                reverse("dashboard:period_edit", args=[period.pk]),
                reverse("dashboard:period_copy", args=[period.pk]),
                reverse("dashboard:step_add", args=[period.pk]),
                reverse("dashboard:step_edit", args=[period.pk, step.pk]),
                reverse("dashboard:step_move", args=[period.pk, step.pk]),
                reverse("dashboard:supervisors", args=[period.pk])]:
        assert client.post(url, junk).status_code in (200, 302), url
    assert client.get(reverse("dashboard:progress", args=[period.pk]), {"trang": "x", "sap-xep": "';--",
                                                                        "trang-thai": "<b>"}).status_code == 200


def test_the_plan_page_links_the_plan_pdf_when_the_reports_module_provides_it(client, plan_tree):
    from django.urls import NoReverseMatch

    period = plan_tree.period
    client.force_login(plan_tree.secretary_a)
    page = client.get(reverse("dashboard:plan", args=[period.pk])).content.decode()
    try:
        url = reverse("reports:plan_pdf", args=[period.pk, "dang-uy"])
    except NoReverseMatch:
        assert "Tải kế hoạch (PDF)" not in page
    else:
        assert url in page
    assert "Sửa thông tin kế hoạch" not in page  # a secretary reads the plan; only managers edit it
