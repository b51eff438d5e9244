"""Every plan and dashboard URL with every persona, GET and POST: 200/302 where allowed, 403 too low, 404 outside."""

import pytest
from django.urls import reverse

from tests.conftest import make_member, make_org, make_user
from tests.dashboard.conftest import make_period

LOGIN = "/dang-nhap/"
PERSONAS = ["admin", "office", "office_above", "office_other", "secretary_a", "member_user", "outsider", "nobody"]

READ = {"admin": 200, "office": 200, "office_above": 200, "office_other": 404, "secretary_a": 200,
        "member_user": 200, "outsider": 404, "nobody": 404}
MANAGE = {**READ, "secretary_a": 403, "member_user": 403}
FOLLOW = MANAGE
MISSING = dict.fromkeys(PERSONAS, 404)
ADMIN = {**dict.fromkeys(PERSONAS, 403), "admin": 200}  # rule sets: administrators only


def _urls(tree) -> dict[str, str]:
    period, step = tree.period, tree.period.milestones.first()
    return {
        "index": reverse("dashboard:index"),
        "plans": reverse("dashboard:plans", args=["dang-uy"]),
        "plans_missing": reverse("dashboard:plans", args=["khong-co"]),
        "period_create": reverse("dashboard:period_create", args=["dang-uy"]),
        "plan": reverse("dashboard:plan", args=[period.pk]),
        "plan_missing": reverse("dashboard:plan", args=[999999]),
        "period_edit": reverse("dashboard:period_edit", args=[period.pk]),
        "period_copy": reverse("dashboard:period_copy", args=[period.pk]),
        "supervisors": reverse("dashboard:supervisors", args=[period.pk]),
        "step_add": reverse("dashboard:step_add", args=[period.pk]),
        "step_edit": reverse("dashboard:step_edit", args=[period.pk, step.pk]),
        "step_move": reverse("dashboard:step_move", args=[period.pk, step.pk]),
        "step_delete": reverse("dashboard:step_delete", args=[period.pk, step.pk]),
        "progress": reverse("dashboard:progress", args=[period.pk]),
        "progress_missing": reverse("dashboard:progress", args=[999999]),
        "rulesets": reverse("dashboard:rulesets"),
        "ruleset_create": reverse("dashboard:ruleset_create"),
        "ruleset_edit": reverse("dashboard:ruleset_edit", args=["hcm-2014"]),
        "ruleset_edit_missing": reverse("dashboard:ruleset_edit", args=["khong-co"]),
        "ruleset_export": reverse("dashboard:ruleset_export", args=["hcm-2014"]),
        "ruleset_import": reverse("dashboard:ruleset_import"),
    }


GET_MATRIX = [
    ("index", dict.fromkeys(PERSONAS, 200)),
    ("plans", READ), ("plans_missing", MISSING), ("plan", READ), ("plan_missing", MISSING),
    ("period_create", MANAGE), ("period_edit", MANAGE), ("period_copy", MANAGE), ("supervisors", MANAGE),
    ("step_add", MANAGE), ("step_edit", MANAGE), ("step_delete", MANAGE),
    ("step_move", {**MANAGE, "admin": 405, "office": 405, "office_above": 405}),  # POST only
    ("progress", FOLLOW), ("progress_missing", MISSING),
    ("rulesets", ADMIN), ("ruleset_create", ADMIN), ("ruleset_edit", ADMIN), ("ruleset_export", ADMIN),
    ("ruleset_edit_missing", {**ADMIN, "admin": 404}), ("ruleset_import", {**ADMIN, "admin": 405}),  # POST only
]
# With an empty form: the form comes back with its messages (200) or the action is done (302).
POST_MATRIX = [
    ("period_create", MANAGE), ("period_edit", MANAGE), ("period_copy", MANAGE), ("step_add", MANAGE),
    ("step_edit", MANAGE),
    ("step_move", {**MANAGE, "admin": 302, "office": 302, "office_above": 302}),
    ("step_delete", {**MANAGE, "admin": 302, "office": 302, "office_above": 302}),
    ("supervisors", {**MANAGE, "admin": 302, "office": 302, "office_above": 302}),
    ("plan", {**READ, **{p: 405 for p, code in READ.items() if code == 200}}),
    ("progress", {**FOLLOW, **{p: 405 for p, code in FOLLOW.items() if code == 200}}),
    ("rulesets", {**ADMIN, "admin": 405}), ("ruleset_export", {**ADMIN, "admin": 405}),
    ("ruleset_create", ADMIN), ("ruleset_edit", ADMIN), ("ruleset_import", {**ADMIN, "admin": 302}),
]


@pytest.mark.parametrize(("name", "expected"), GET_MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_matrix(client, plan_tree, name, expected, persona):
    client.force_login(getattr(plan_tree, persona))
    assert client.get(_urls(plan_tree)[name]).status_code == expected[persona]


@pytest.mark.parametrize(("name", "expected"), POST_MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_post_matrix(client, plan_tree, name, expected, persona):
    client.force_login(getattr(plan_tree, persona))
    assert client.post(_urls(plan_tree)[name], {}).status_code == expected[persona]


@pytest.mark.parametrize("name", sorted({name for name, _ in GET_MATRIX}))
def test_anonymous_users_are_sent_to_login(client, plan_tree, name):
    for response in (client.get(_urls(plan_tree)[name]), client.post(_urls(plan_tree)[name], {})):
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_refused_post_changes_nothing(client, plan_tree):
    client.force_login(plan_tree.secretary_a)
    step = plan_tree.period.milestones.first()
    client.post(reverse("dashboard:step_delete", args=[plan_tree.period.pk, step.pk]))
    client.post(reverse("dashboard:supervisors", args=[plan_tree.period.pk]),
                {f"unit_{plan_tree.cell_a.pk}": plan_tree.deputy.pk})
    assert plan_tree.period.milestones.filter(pk=step.pk).exists()
    assert not plan_tree.period.supervisors.exists()


@pytest.mark.django_db
def test_the_secretary_of_a_chi_bo_co_so_manages_its_own_plan_only():
    """003: a chi bộ cơ sở issues its own plan; its secretary has no committee office above to do it."""
    district = make_org("huyen", "dang_bo_cap_tren")
    school = make_org("thpt-2", "chi_bo_co_so", district)
    make_member(school, "Trương Trọng Minh")
    secretary = make_user("bithu-thpt", ("secretary", school))
    period = make_period(school, 2023, code="phucat-2023", steps=[])
    from django.test import Client

    client = Client()
    client.force_login(secretary)
    assert client.get(reverse("dashboard:period_create", args=["thpt-2"])).status_code == 200
    assert client.get(reverse("dashboard:supervisors", args=[period.pk])).status_code == 200
    assert client.get(reverse("dashboard:progress", args=[period.pk])).status_code == 200
    assert client.get(reverse("dashboard:plans", args=["huyen"])).status_code == 200  # the plans above apply
    assert client.get(reverse("dashboard:period_create", args=["huyen"])).status_code == 403
