"""Every URL with every persona: 200 where allowed, 403 for too low a role, 404 outside the subtree."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS

LOGIN = "/dang-nhap/"

# url name, kwargs → expected status per persona
MATRIX = [
    ("home", {}, {p: 200 for p in PERSONAS}),
    ("unit_detail", {"code": "dang-uy"},
     {"admin": 200, "office": 200, "secretary_a": 404, "member_user": 404, "outsider": 404, "nobody": 404,
      "secretary_b": 404, "office_other": 404}),
    ("unit_detail", {"code": "chi-bo-a"},
     {"admin": 200, "office": 200, "secretary_a": 200, "member_user": 403, "outsider": 404, "nobody": 404,
      "secretary_b": 404, "office_other": 404}),
    ("unit_detail", {"code": "chi-bo-khac"},
     {"admin": 200, "office": 404, "secretary_a": 404, "member_user": 404, "outsider": 200, "nobody": 404,
      "secretary_b": 404, "office_other": 200}),
    ("unit_detail", {"code": "khong-ton-tai"}, {p: 404 for p in PERSONAS}),
    ("password_change", {}, {p: 200 for p in PERSONAS}),
    # the roster import: a committee's office or an office above it, administrators; never a cell
    ("roster_import", {"code": "dang-uy"},
     {"admin": 200, "office": 200, "secretary_a": 404, "member_user": 404, "outsider": 404, "nobody": 404,
      "secretary_b": 404, "office_other": 404}),
    ("roster_import", {"code": "tinh"},
     {"admin": 200, "office": 404, "secretary_a": 404, "member_user": 404, "outsider": 404, "nobody": 404,
      "secretary_b": 404, "office_other": 404}),
    ("roster_import", {"code": "chi-bo-a"},
     {"admin": 404, "office": 404, "secretary_a": 404, "member_user": 403, "outsider": 404, "nobody": 404,
      "secretary_b": 404, "office_other": 404}),
    ("roster_import_columns", {"code": "dang-uy", "pk": 999}, {p: 404 for p in PERSONAS}),
    ("roster_import_preview", {"code": "dang-uy", "pk": 999}, {p: 404 for p in PERSONAS}),
    ("roster_import_commit", {"code": "dang-uy", "pk": 999},
     {"admin": 405, "office": 405, "secretary_a": 405, "member_user": 405, "outsider": 405, "nobody": 405,
      "secretary_b": 405, "office_other": 405}),
]


@pytest.mark.parametrize(("name", "kwargs", "expected"), MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(client, tree, name, kwargs, expected, persona):
    client.force_login(getattr(tree, persona))
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize(("name", "kwargs", "_expected"), MATRIX)
def test_anonymous_users_are_sent_to_login(client, tree, name, kwargs, _expected):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_django_admin_is_for_staff_only(client, tree):
    client.force_login(tree.office)
    assert client.get("/quan-tri/").status_code == 302
    tree.admin.is_staff = tree.admin.is_superuser = True
    tree.admin.save()
    client.force_login(tree.admin)
    assert client.get("/quan-tri/").status_code == 200


def test_the_admins_history_pages_open(client, tree):
    """Organisations and supervisor assignments keep a history too; every history page of the admin opens."""
    from xeploai.orgs.models import Organization

    tree.admin.is_staff = tree.admin.is_superuser = True
    tree.admin.save()
    client.force_login(tree.admin)
    tree.cell_a.name = "Chi bộ A (đổi tên)"
    tree.cell_a.save()
    assert Organization.history.filter(id=tree.cell_a.pk).count() == 2
    for path in (f"/quan-tri/orgs/organization/{tree.cell_a.pk}/history/",
                 f"/quan-tri/orgs/member/{tree.member_a.pk}/history/"):
        assert client.get(path).status_code == 200, path
