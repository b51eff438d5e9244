"""The workflow policy read as a table (no database), and the POST matrix generated from it.

The literal table below is the specification: a change to policy.RULES that is not made here too fails. The
matrix then POSTs every action's page as each role, with the unit's review in every status, and checks that what
the table refuses writes nothing: 403 for a role that never may, the status's sentence otherwise.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import open_roster
from tests.reviews.conftest import make_period
from xeploai.reviews.policy import ACTION_REASONS, NO_ROLE, RULES, STATUS_REASONS, Action, Role, Status, check
from xeploai.reviews.records import MemberReview, UnitReview

SPEC = """
open                 secretary: not_opened draft returned | committee: not_opened draft returned
edit_facts           secretary: draft returned
write_self_review    member: draft returned
correct_self_review  secretary: draft returned
enter_tally          secretary: draft returned
enter_scores         secretary: draft returned
check_scores         committee: draft submitted returned
enter_unit_facts     secretary: draft returned
check_unit_score     committee: draft submitted returned
submit               secretary: draft returned
return               committee: submitted
decide_member        secretary: draft returned | committee: submitted
decide_pool          committee: submitted
recognise            committee: submitted
reclassify           committee: recognised
"""


def spec_rules() -> dict[tuple[Action, Role], frozenset[Status]]:
    rules = {}
    for line in SPEC.strip().splitlines():
        action, rest = line.split(maxsplit=1)
        for part in rest.split("|"):
            role, statuses = part.split(":")
            rules[(Action(action), Role(role.strip()))] = frozenset(Status(s) for s in statuses.split())
    return rules


def test_the_policy_is_the_table_of_the_specification():
    assert spec_rules() == RULES


def test_every_action_has_a_row():
    assert {action for action, _ in RULES} == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", list(Status))
def test_each_cell_of_the_table_decides_and_a_refusal_says_why(action, status):
    for role in Role:
        decision = check(action, [role], status)
        allowed = status in RULES.get((action, role), frozenset())
        assert bool(decision) == allowed
        if not allowed:
            assert decision.reason
            assert decision.role_allows == ((action, role) in RULES)
            if (action, role) not in RULES:
                assert decision.reason == NO_ROLE
            else:
                assert decision.reason == ACTION_REASONS.get((action, status), STATUS_REASONS[status])


def test_a_user_with_several_roles_may_do_what_any_of_them_may():
    assert check(Action.RECOGNISE, [Role.SECRETARY, Role.COMMITTEE], Status.SUBMITTED)
    assert not check(Action.SUBMIT, [Role.COMMITTEE], Status.DRAFT).role_allows
    submitted = check(Action.ENTER_TALLY, [Role.SECRETARY], Status.SUBMITTED)
    assert not submitted and "đang chờ thẩm định" in submitted.reason


# The matrix: every action's page, as each role, in every status. ---------------------------------------------------

PAGES: dict[Action, tuple[str, str]] = {  # the action → its URL name and what the URL names (unit or member)
    Action.OPEN: ("reviews:open", "unit"),
    Action.EDIT_FACTS: ("reviews:member_facts", "member"),
    Action.WRITE_SELF_REVIEW: ("reviews:self_review", "member"),
    Action.CORRECT_SELF_REVIEW: ("reviews:self_review", "member"),
    Action.ENTER_TALLY: ("reviews:tally", "unit"),
    Action.ENTER_SCORES: ("reviews:scores", "unit"),
    Action.CHECK_SCORES: ("reviews:scores", "unit"),
    Action.ENTER_UNIT_FACTS: ("reviews:unit_facts", "unit"),
    Action.CHECK_UNIT_SCORE: ("reviews:score_sheet", "unit"),
    Action.SUBMIT: ("reviews:submit", "unit"),
    Action.RETURN: ("reviews:return", "unit"),
    Action.DECIDE_MEMBER: ("reviews:decide_member", "member"),
    Action.DECIDE_POOL: ("reviews:pool_decide", "unit"),
    Action.RECOGNISE: ("reviews:recognise", "unit"),
    Action.RECLASSIFY: ("reviews:reclassify", "unit"),
}
PERSONA_ROLE = {"secretary_a": Role.SECRETARY, "office": Role.COMMITTEE, "member_user": Role.MEMBER}


def test_every_action_has_a_page_in_the_matrix():
    assert set(PAGES) == set(Action)


def snapshot() -> tuple:
    return (tuple(UnitReview.objects.order_by("pk").values_list("status", "version", "level", "decided_level")),
            tuple(MemberReview.objects.order_by("pk").values_list("version", "votes_htt", "decided_level",
                                                                  "decision_level", "duties")),
            UnitReview.history.count(), MemberReview.history.count())


def page_actions(name: str) -> set[Action]:
    actions = {action for action, (page, _) in PAGES.items() if page == name}
    if name in ("reviews:unit_facts", "reviews:score_sheet"):  # the cell's facts and the committee's check
        actions |= {Action.ENTER_UNIT_FACTS, Action.CHECK_UNIT_SCORE}
    return actions


def _cases():
    for name, target in sorted(set(PAGES.values())):
        for persona, role in PERSONA_ROLE.items():
            for status in Status:
                if status == Status.NOT_OPENED and target == "member":
                    continue  # a member's page needs the row that opening creates
                yield pytest.param(name, target, persona, role, status, id=f"{name}-{persona}-{status}")


@pytest.mark.parametrize(("name", "target", "persona", "role", "status"), list(_cases()))
def test_what_the_table_refuses_writes_nothing(client, tree, name, target, persona, role, status):
    period = make_period(tree.committee)
    if status != Status.NOT_OPENED:
        open_roster(period, tree.cell_a)
        UnitReview.objects.filter(period=period, unit=tree.cell_a).update(status=status.value)
    args = [period.pk, "chi-bo-a"] if target == "unit" else [period.pk, tree.member_a.pk]
    actions = page_actions(name)
    has_role = any((action, role) in RULES for action in actions)
    allowed = any(check(action, [role], status) for action in actions)
    client.force_login(getattr(tree, persona))
    before = snapshot()
    response = client.post(reverse(name, args=args), {"confirm": "", "reason": "", "version": "x"})
    if not has_role:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302)  # the form with its messages, or back to the unit with why
    if not allowed:
        assert snapshot() == before


def test_years_running_counts_consecutive_years_up_to_the_year():
    from xeploai.reviews.definitions import final_level, years_running

    assert [years_running({2012, 2013, 2014, 2016}, y) for y in (2014, 2015, 2016, 2013)] == [3, 0, 1, 2]
    assert final_level("htt", "htxs") == "htt" and final_level("", "htxs") == "htxs"
