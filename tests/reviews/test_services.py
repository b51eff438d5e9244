"""Review services: all-or-nothing tallies, stale saves refused, status flow, re-classification kept in history."""

from datetime import date

import pytest

from tests.conftest import make_member, open_roster, reclassify_cell, unit_review_for
from tests.reviews.conftest import fill_cell
from xeploai.reviews import services
from xeploai.reviews.records import MemberReview, Reclassification, UnitReview, UnitStatus


def tally(period, cell, user, votes_of, cast=None, version=None):
    reviews = open_roster(period, cell)
    official = sum(1 for r in reviews if r.member.official_on)
    cast = official if cast is None else cast
    votes = {r.pk: votes_of(r, cast) for r in reviews}
    meta = {"official_members": official, "official_present": cast, "ballots_cast": cast, "meeting_date": None}
    version = unit_review_for(period, cell).version if version is None else version
    return services.save_tally(period=period, unit=cell, meta=meta, votes=votes, version=version, user=user)


def all_htt(review, cast):
    return {"votes_htxs": 0, "votes_htt": cast, "votes_ht": 0, "votes_kht": 0}


def test_the_roster_holds_members_admitted_by_the_review_date(tree, period):
    make_member(tree.cell_a, "Đỗ Văn Sau", admitted_on=date(2015, 3, 1))
    names = [r.member.full_name for r in open_roster(period, tree.cell_a)]
    assert names == ["Trần Thị Bích"]


def test_a_tally_saves_votes_and_classifies_with_reasons(tree, period):
    fill_cell(tree.cell_a, 4)
    result = tally(period, tree.cell_a, tree.secretary_a.pk and tree.secretary_a, all_htt)
    assert {m["level"] for m in result["members"]} == {"htt"}
    review = MemberReview.objects.filter(period=period, unit=tree.cell_a).first()
    assert review.votes_htt == 5 and review.level == "htt" and review.reasons
    assert UnitReview.objects.get(period=period, unit=tree.cell_a).version == 1


def test_an_invalid_row_saves_nothing_and_reports_every_problem(tree, period):
    fill_cell(tree.cell_a, 3)

    def bad(review, cast):
        return {"votes_htxs": cast, "votes_htt": cast, "votes_ht": 0, "votes_kht": 0}  # 2 × cast > cast

    with pytest.raises(services.ReviewError) as error:
        tally(period, tree.cell_a, tree.secretary_a, bad)
    assert len(error.value.problems) == 4  # one per member
    assert not MemberReview.objects.filter(period=period, votes_htxs__isnull=False).exists()
    assert UnitReview.objects.get(period=period, unit=tree.cell_a).version == 0


def test_a_second_save_from_a_stale_page_is_refused_not_overwritten(tree, period):
    fill_cell(tree.cell_a, 2)
    tally(period, tree.cell_a, tree.secretary_a, all_htt, version=0)
    with pytest.raises(services.StaleData) as error:
        tally(period, tree.cell_a, tree.secretary_a, all_htt, version=0)
    assert "người khác thay đổi" in error.value.problems[0][1]


def test_submit_needs_every_member_settled_then_recognise_then_reclassify(tree, period):
    fill_cell(tree.cell_a, 3)
    unit_review = unit_review_for(period, tree.cell_a)
    open_roster(period, tree.cell_a)
    with pytest.raises(services.ReviewError, match="chưa có kết quả"):
        services.submit_unit(unit_review, user=tree.secretary_a, confirmed=True, note="thiếu")
    tally(period, tree.cell_a, tree.secretary_a, all_htt)
    services.submit_unit(unit_review, user=tree.secretary_a, confirmed=True, note="thiếu")
    with pytest.raises(services.ReviewError):  # submitted: the cell can no longer change its tally
        tally(period, tree.cell_a, tree.secretary_a, all_htt)
    services.recognise_unit(unit_review, user=tree.office)
    member_review = MemberReview.objects.filter(period=period, unit=tree.cell_a).first()
    assert member_review.decided_level == "htt"
    services.reclassify(unit_review=UnitReview.objects.get(pk=unit_review.pk), member_review=member_review,
                        new_level="ht", reason="Phát hiện vi phạm sau khi công bố", decision_number="12-QĐ/ĐU",
                        user=tree.office)
    member_review.refresh_from_db()
    assert member_review.decided_level == "ht"
    record = Reclassification.objects.get()
    assert (record.old_level, record.new_level, record.decided_by) == ("htt", "ht", tree.office)
    levels = [h.decided_level for h in member_review.history.order_by("history_date")]
    assert "htt" in levels and levels[-1] == "ht"  # the annulled result stays in the history


def test_return_needs_a_reason_and_reopens_the_cell(tree, period):
    fill_cell(tree.cell_a, 1)
    tally(period, tree.cell_a, tree.secretary_a, all_htt)
    unit_review = services.submit_unit(unit_review_for(period, tree.cell_a), user=tree.secretary_a, confirmed=True,
                                       note="thiếu")
    with pytest.raises(services.ReviewError, match="Lý do"):
        services.return_unit(unit_review, reason="  ", user=tree.office)
    returned = services.return_unit(unit_review, reason="Thiếu phiếu bổ sung lý lịch", user=tree.office)
    assert returned.status == UnitStatus.RETURNED
    tally(period, tree.cell_a, tree.secretary_a, all_htt)  # editable again


def test_a_decision_settles_a_member_without_majority(tree, period):
    fill_cell(tree.cell_a, 3)

    def split(review, cast):
        return {"votes_htxs": 0, "votes_htt": 1, "votes_ht": 0, "votes_kht": 2}

    tally(period, tree.cell_a, tree.secretary_a, split)
    review = MemberReview.objects.filter(period=period, unit=tree.cell_a).first()
    assert review.result_status == "needs_decision"
    with pytest.raises(services.ReviewError, match="Quyết định mức"):  # not through the facts page
        services.save_member_facts(review, {"decision_level": "ht"}, user=tree.secretary_a)
    with pytest.raises(services.ReviewError, match="Căn cứ"):  # a decision says on what grounds
        services.decide_member(review, level="ht", note=" ", user=tree.secretary_a)
    services.decide_member(review, level="ht", note="biểu quyết lại", user=tree.secretary_a)
    review.refresh_from_db()
    assert (review.result_status, review.level) == ("rated", "ht")
    assert review.reasons[-1]["code"] == "decision"


def test_nothing_entered_yet_is_pending_not_needs_decision(tree, period):
    open_roster(period, tree.cell_a)
    reclassify_cell(period, tree.cell_a)
    assert MemberReview.objects.get(period=period).result_status == ""


def test_scores_classify_on_the_score_basis(tree, score_period):
    fill_cell(tree.cell_a, 2)
    reviews = open_roster(score_period, tree.cell_a)
    values = {r.pk: {"self_score_general": 28, "self_score_tasks": 65, "tasks_total": 10, "tasks_done": 10,
                     "tasks_on_time": 10, "tasks_exceeded": 1} for r in reviews}
    result = services.save_scores(period=score_period, unit=tree.cell_a, values=values, version=0,
                                  user=tree.secretary_a)
    assert {m["level"] for m in result["members"]} == {"htt"}  # 93 points but under 30 % exceeded: HTT


def test_a_tally_writes_a_history_row_per_member_with_who_and_why(tree, period):
    fill_cell(tree.cell_a, 2)
    tally(period, tree.cell_a, tree.secretary_a, all_htt)
    review = MemberReview.objects.filter(period=period, unit=tree.cell_a).first()
    last = review.history.order_by("-history_date").first()
    assert (last.votes_htt, last.level) == (3, "htt")
    assert last.history_user == tree.secretary_a and last.history_change_reason == "Nhập kết quả kiểm phiếu"
