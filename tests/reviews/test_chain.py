"""The decision chain as data (QĐ 366 Điều 13, HD 43 §3, DOMAIN §5): which committee decides each kind of unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import make_org, make_user, open_roster
from tests.reviews.conftest import make_period
from xeploai.reviews import chain, permissions, services
from xeploai.reviews.models import DecisionStep
from xeploai.reviews.policy import Action


@pytest.fixture
def province_period(tree):
    """A period of the province, so the chain runs over three levels: tinh → dang-uy → chi-bo-a."""
    return make_period(tree.province)


def test_the_current_rules_are_the_default(tree, province_period):
    deciders = chain.deciders(province_period)
    assert deciders[tree.cell_a.pk] == tree.committee.pk  # chi bộ trực thuộc → đảng ủy cơ sở
    assert deciders[tree.committee.pk] == tree.province.pk  # đảng bộ cơ sở → the level above
    base_cell = make_org("chi-bo-co-so", "chi_bo_co_so", tree.province)
    province_period._xl_deciders = None
    assert chain.deciders(province_period)[base_cell.pk] == tree.province.pk
    assert chain.deciding_committee_id(province_period, tree.cell_a) == tree.committee.pk


def test_a_committee_decides_only_what_the_chain_gives_it(tree, province_period):
    province_office = make_user("vanphong-tinh", ("office", tree.province))
    open_roster(province_period, tree.cell_a)
    review = services.find_unit_review(province_period, tree.cell_a)
    assert permissions.decide(tree.office, Action.RECOGNISE, review, tree.cell_a).role_allows
    assert not permissions.decide(province_office, Action.RECOGNISE, review, tree.cell_a).role_allows
    DecisionStep.objects.create(period=province_period, unit_kind="chi_bo_truc_thuoc", decided_by="dang_bo_cap_tren")
    review = services.find_unit_review(province_period, tree.cell_a)  # a fresh period object reads the new chain
    assert permissions.decide(province_office, Action.RECOGNISE, review, tree.cell_a).role_allows
    assert not permissions.decide(tree.office, Action.RECOGNISE, review, tree.cell_a).role_allows
    assert permissions.decide(tree.admin, Action.RECOGNISE, review, tree.cell_a).role_allows


def test_a_committee_outside_the_chain_gets_a_403_on_the_decision_pages(client, tree, province_period):
    province_office = make_user("vanphong-tinh", ("office", tree.province))
    open_roster(province_period, tree.cell_a)
    client.force_login(province_office)
    for name in ("reviews:recognise", "reviews:return", "reviews:reclassify"):
        response = client.get(reverse(name, args=[province_period.pk, "chi-bo-a"]))
        assert response.status_code == 403, name


def test_recognising_another_level_than_proposed_needs_a_reason(tree, score_period):
    from decimal import Decimal

    from tests.conftest import period_opener

    rows = open_roster(score_period, tree.cell_a)
    services.save_scores(period=score_period, unit=tree.cell_a,
                         values={r.pk: {"cell_score": Decimal(80)} for r in rows},
                         version=services.find_unit_review(score_period, tree.cell_a).version, user=period_opener())
    review = services.find_unit_review(score_period, tree.cell_a)
    services.save_unit_facts(review, {"self_score": Decimal(85)}, version=review.version, user=period_opener())
    services.submit_unit(services.find_unit_review(score_period, tree.cell_a), user=period_opener(), confirmed=True,
                         note="bổ sung sau")
    review = services.find_unit_review(score_period, tree.cell_a)
    assert review.level == "htt"
    with pytest.raises(services.ReviewError) as error:
        services.recognise_unit(review, user=tree.office, unit_level="ht")
    assert error.value.problems[0][0] == "reason"
    services.recognise_unit(review, user=tree.office, unit_level="ht", reason="cấp ủy thẩm định: 2 nhiệm vụ trễ hạn")
    review.refresh_from_db()
    assert review.decided_level == "ht" and "trễ hạn" in review.status_reason
    assert "khác đề xuất" in review.history.first().history_change_reason


def test_the_period_committee_may_be_given_every_cell(tree, province_period):
    DecisionStep.objects.create(period=province_period, unit_kind="chi_bo_truc_thuoc", decided_by="period_committee")
    assert chain.deciders(province_period)[tree.cell_a.pk] == tree.province.pk
    province_period._xl_chain = None
    assert chain.deciding_committee_id(province_period, tree.cell_a) == tree.province.pk
