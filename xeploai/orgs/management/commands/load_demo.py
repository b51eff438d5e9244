"""Loads the demo (fixtures/demo.json): organisations, invented members, periods and demo logins.

Idempotent: running it again updates the same rows. Prints the demo logins at the end.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xeploai.orgs.models import Member, Organization, Post, Role
from xeploai.reviews.demo import seed_reviews
from xeploai.reviews.models import Milestone, ReviewPeriod, RuleSet, SupervisorAssignment

DEMO_PASSWORD = "XepLoai@2026"
ROLE_LABELS = {"admin": "quản trị hệ thống", "office": "văn phòng cấp ủy", "secretary": "bí thư chi bộ"}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (fixtures/demo.json) và in các tài khoản dùng thử."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", default=str(Path(settings.BASE_DIR) / "fixtures" / "demo.json"))

    def handle(self, *args, **options) -> None:
        data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        with transaction.atomic():
            orgs = self._organizations(data["organizations"])
            members = self._members(data["members"], orgs)
            self._periods(data["periods"], orgs, members)
            self._users(data["users"], orgs, members)
            seed_reviews()
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp dữ liệu mẫu: {len(orgs)} tổ chức, {len(members)} đảng viên, {len(data['periods'])} kỳ kiểm điểm."
        ))
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for user in data["users"]:
            roles = ", ".join(
                f"{ROLE_LABELS.get(r['kind'], r['kind'])} – {orgs[r['organization']].name}"
                for r in user["roles"] if r["kind"] != "member"
            )
            self.stdout.write(f"  {user['username']:<15} {roles}")

    def _organizations(self, rows: list[dict]) -> dict[str, Organization]:
        orgs: dict[str, Organization] = {}
        for row in rows:  # parents come before their children in the file
            org, _ = Organization.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"], "short_name": row.get("short_name", ""), "kind": row["kind"],
                    "parent": orgs[row["parent"]] if row["parent"] else None,
                    "place": row.get("place", ""), "position": row.get("position", 0),
                },
            )
            orgs[row["code"]] = org
        return orgs

    def _members(self, rows: list[dict], orgs: dict[str, Organization]) -> dict[str, Member]:
        members: dict[str, Member] = {}
        for row in rows:
            fields = {
                "gender": row["gender"], "date_of_birth": _date(row["date_of_birth"]),
                "admitted_on": _date(row["admitted_on"]), "official_on": _date(row["official_on"]),
                "card_number": row.get("card_number"), "category": row["category"],
                "is_civil_servant": row["is_civil_servant"], "exempt": row.get("exempt", False),
                "exempt_since": _date(row.get("exempt_since")),
            }
            member, _ = Member.objects.update_or_create(
                full_name=row["full_name"], unit=orgs[row["unit"]], defaults=fields
            )
            for post in row["posts"]:
                Post.objects.get_or_create(member=member, title=post["title"], unit=orgs[post["unit"]])
            members[row["full_name"]] = member
        return members

    def _periods(self, rows: list[dict], orgs: dict[str, Organization], members: dict[str, Member]) -> None:
        for row in rows:
            try:
                ruleset = RuleSet.objects.get(code=row["ruleset"])
            except RuleSet.DoesNotExist:
                raise CommandError(f"Chưa có bộ quy tắc {row['ruleset']}: hãy chạy manage.py migrate.") from None
            period, _ = ReviewPeriod.objects.update_or_create(
                committee=orgs[row["committee"]], year=row["year"],
                defaults={
                    "plan_number": row["plan_number"], "plan_date": _date(row["plan_date"]),
                    "issuing_body": row["issuing_body"], "title": row["title"], "ruleset": ruleset,
                    "review_date": _date(row["review_date"]),
                },
            )
            period.milestones.all().delete()
            Milestone.objects.bulk_create(
                Milestone(period=period, order=i, title=m["title"], unit_kinds=m["unit_kinds"],
                          start=_date(m["start"]), due=_date(m["due"]), done_when=m.get("done_when", ""))
                for i, m in enumerate(row["milestones"], start=1)
            )
            for item in row["supervisors"]:
                SupervisorAssignment.objects.update_or_create(
                    period=period, unit=orgs[item["unit"]], defaults={"supervisor": members[item["supervisor"]]}
                )

    def _users(self, rows: list[dict], orgs: dict[str, Organization], members: dict[str, Member]) -> None:
        User = get_user_model()
        for row in rows:
            user, _ = User.objects.get_or_create(username=row["username"])
            user.first_name = row["full_name"]
            user.is_superuser = user.is_staff = bool(row.get("superuser"))
            user.set_password(DEMO_PASSWORD)
            user.save()
            for role in row["roles"]:
                Role.objects.update_or_create(
                    user=user, organization=orgs[role["organization"]], kind=role["kind"],
                    defaults={"member": members.get(role.get("member", ""))},
                )
