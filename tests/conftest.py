"""Personas and small builders shared by the tests.

The tree used by most tests:

    province (đảng bộ cấp trên cơ sở)
    ├── committee (đảng bộ cơ sở)
    │   ├── cell_a (chi bộ trực thuộc)  ← secretary_a, member_user (member_a)
    │   └── cell_b (chi bộ trực thuộc)  ← secretary_b
    └── other (đảng bộ cơ sở)           ← office_other
        └── other_cell                  ← outsider (secretary there)
"""

from __future__ import annotations

import itertools
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_counter = itertools.count(1)


def make_org(code: str, kind: str, parent=None, name: str | None = None):
    from xeploai.orgs.models import Organization

    return Organization.objects.create(code=code, kind=kind, parent=parent, name=name or code)


def make_member(unit, full_name: str | None = None, **fields):
    from xeploai.orgs.models import Member

    fields.setdefault("admitted_on", date(2010, 1, 1))
    fields.setdefault("official_on", date(2011, 1, 1))
    return Member.objects.create(unit=unit, full_name=full_name or f"Nguyễn Văn Số {next(_counter)}", **fields)


def make_user(username: str, *roles, member=None):
    """A user with roles given as (kind, organization) pairs."""
    from django.contrib.auth import get_user_model

    from xeploai.orgs.models import Role

    user = get_user_model().objects.create_user(username=username, password="mat-khau-thu-nghiem")
    for kind, org in roles:
        Role.objects.create(user=user, organization=org, kind=kind, member=member if kind == "member" else None)
    return user


class Tree:
    def __init__(self) -> None:
        self.province = make_org("tinh", "dang_bo_cap_tren", name="Đảng bộ tỉnh")
        self.committee = make_org("dang-uy", "dang_bo_co_so", self.province, name="Đảng bộ cơ quan")
        self.cell_a = make_org("chi-bo-a", "chi_bo_truc_thuoc", self.committee, name="Chi bộ A")
        self.cell_b = make_org("chi-bo-b", "chi_bo_truc_thuoc", self.committee, name="Chi bộ B")
        self.other = make_org("dang-uy-khac", "dang_bo_co_so", self.province, name="Đảng bộ khác")
        self.other_cell = make_org("chi-bo-khac", "chi_bo_truc_thuoc", self.other, name="Chi bộ khác")
        self.member_a = make_member(self.cell_a, "Trần Thị Bích")
        self.member_b = make_member(self.cell_b, "Lê Văn Cường")
        self.admin = make_user("quantri", ("admin", self.province))
        self.office = make_user("vanphong", ("office", self.committee))
        self.secretary_a = make_user("bithu-a", ("secretary", self.cell_a))
        self.member_user = make_user("dangvien-a", ("member", self.cell_a), member=self.member_a)
        self.outsider = make_user("bithu-khac", ("secretary", self.other_cell))
        self.secretary_b = make_user("bithu-b", ("secretary", self.cell_b))
        self.office_other = make_user("vanphong-khac", ("office", self.other))
        self.nobody = make_user("khong-vai-tro")


@pytest.fixture
def tree(db) -> Tree:
    return Tree()


PERSONAS = ["admin", "office", "secretary_a", "member_user", "outsider", "nobody", "secretary_b", "office_other"]


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Static files as production has them: collectstatic with the manifest storage, once per test session.

    Pages then link hashed names, whitenoise serves them from STATIC_ROOT and a file collectstatic cannot process
    fails here first. The live server (browser tests) serves STATIC_ROOT too, not the finders' unhashed files.
    """
    from django.contrib.staticfiles import handlers
    from django.core.management import call_command
    from django.test import testcases
    from django.test.utils import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
        patch = pytest.MonkeyPatch()
        patch.setattr(handlers, "StaticFilesHandler", testcases._StaticFilesHandler)
        yield root
        patch.undo()


def period_opener():
    """The user tests open periods as: an administrator (holds both the cell's and the committee's roles)."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="mo-ky-thu-nghiem", defaults={"is_superuser": True})
    return user


def open_roster(period, unit, user=None):
    """Open the period for the unit (as the app does on the explicit action) and return its roster."""
    from xeploai.reviews import selectors, services

    services.open_period(period=period, units=[unit], user=user or period_opener())
    return selectors.member_reviews(period, unit)


def unit_review_for(period, unit):
    """The unit's review record, opening the period for the unit first when it is not open yet."""
    from xeploai.reviews.records import UnitReview

    if not UnitReview.objects.filter(period=period, unit=unit).exists():
        open_roster(period, unit)
    return UnitReview.objects.get(period=period, unit=unit)


def reclassify_cell(period, unit, user=None):
    """Re-run the engine on the unit's stored data (what every save does in its transaction)."""
    from django.db import transaction

    from xeploai.reviews import services

    with transaction.atomic():
        unit_review = services._lock_unit_review(period, unit)
        services._classify_in_transaction(period, unit_review, user, "Xếp loại lại (thử nghiệm)")
