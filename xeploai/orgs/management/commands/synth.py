"""`manage.py synth --members 150000 --seed 1`: a synthetic province for benchmarks (DOMAIN.md §6).

Bulk inserts: the tree level by level, members in batches, then a review period (current national rules) with
scores and engine results for about 70 % of the cells. Deterministic for a seed; prints its progress.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from xeploai.lib.vnsort import name_sort_key, search_key
from xeploai.orgs import synth
from xeploai.orgs.models import Member, Organization, Post
from xeploai.reviews.models import Milestone, ReviewPeriod, RuleSet
from xeploai.reviews.records import MemberReview, UnitReview
from xeploai.rules.engine import classify_before_quota, classify_dict, member_json
from xeploai.rules.ruleset import parse_ruleset
from xeploai.rules.scenario import parse_scenario

BATCH = 5000


class Command(BaseCommand):
    help = "Tạo dữ liệu tổng hợp cỡ một tỉnh (cây tổ chức, đảng viên, một kỳ kiểm điểm) để đo hiệu năng."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=150_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prefix", default="synth", help="mã tổ chức gốc (tiền tố mọi mã)")
        parser.add_argument("--year", type=int, default=2026)
        parser.add_argument("--rated-share", type=float, default=0.7, help="tỷ lệ chi bộ đã có điểm và kết quả")
        parser.add_argument("--replace", action="store_true", help="xóa tỉnh tổng hợp cùng mã trước khi tạo")

    def handle(self, *args, **options) -> None:
        if options["members"] < 5:
            raise CommandError("--members: cần ít nhất 5 đảng viên.")
        prefix, started = options["prefix"], time.perf_counter()
        if Organization.objects.filter(code=prefix).exists():
            if not options["replace"]:
                raise CommandError(f"Đã có tổ chức mã {prefix}: dùng --replace để tạo lại.")
            self._delete(prefix)
        rng = random.Random(options["seed"])
        review = date(options["year"], 12, 4)
        with transaction.atomic():
            units, direct = self._tree(prefix, options["members"], rng)
            self._say(f"{len(units)} tổ chức", started)
            self._members(units, direct, rng, review)
            self._say(f"{options['members']} đảng viên", started)
            count = self._period(prefix, units, direct, rng, options)
            self._say(f"kỳ kiểm điểm {options['year']}: {count} chi bộ đã có kết quả", started)
        if connection.vendor == "postgresql":  # fresh statistics and visibility map for the planner
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self._say("VACUUM ANALYZE", started)

    def _say(self, what: str, started: float) -> None:
        self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {what}")

    def _delete(self, prefix: str) -> None:
        units = Organization.objects.filter(code__startswith=prefix)
        for model in (MemberReview, UnitReview):
            model.objects.filter(unit__in=units).delete()
        periods = ReviewPeriod.objects.filter(committee__in=units)
        Milestone.objects.filter(period__in=periods).delete()
        periods.delete()
        Post.objects.filter(unit__in=units).delete()
        Member.history.filter(unit__in=units).delete()
        Member.objects.filter(unit__in=units).delete()
        for depth_codes in reversed(self._by_depth(list(units.values_list("code", "parent__code")))):
            Organization.objects.filter(code__in=depth_codes).delete()

    @staticmethod
    def _by_depth(pairs: list[tuple[str, str | None]]) -> list[list[str]]:
        depth: dict[str, int] = {}
        parents = dict(pairs)
        for code in parents:
            chain, node = 0, code
            while parents.get(node) in parents:
                node, chain = parents[node], chain + 1
            depth[code] = chain
        levels: dict[int, list[str]] = defaultdict(list)
        for code, d in depth.items():
            levels[d].append(code)
        return [levels[d] for d in sorted(levels)]

    def _tree(self, prefix: str, total: int, rng: random.Random):
        rows = list(synth.tree(prefix, synth.cell_sizes(total, rng), rng))
        direct = {row.code: count for row, count in rows if count}
        by_parent_depth = self._by_depth([(row.code, row.parent) for row, _ in rows])
        rows_by_code = {row.code: row for row, _ in rows}
        units: dict[str, Organization] = {}
        for codes in by_parent_depth:
            created = Organization.objects.bulk_create(
                [
                    Organization(
                        code=c,
                        name=rows_by_code[c].name,
                        kind=rows_by_code[c].kind,
                        position=rows_by_code[c].position,
                        parent=units.get(rows_by_code[c].parent) if rows_by_code[c].parent else None,
                    )
                    for c in codes
                ],
                batch_size=BATCH,
            )
            units.update({org.code: org for org in created})
        return units, direct

    def _members(self, units, direct, rng, review) -> None:
        batch, posts = [], []
        for code, count in direct.items():
            for row in synth.members(code, count, rng, review):
                batch.append(
                    Member(
                        unit=units[code],
                        full_name=row.full_name,
                        sort_key=name_sort_key(row.full_name),
                        search_key=search_key(row.full_name),
                        gender=row.gender,
                        date_of_birth=row.date_of_birth,
                        admitted_on=row.admitted_on,
                        official_on=row.official_on,
                        is_civil_servant=rng.random() < 0.4,
                    )
                )
                if len(batch) >= BATCH:
                    posts += self._flush(batch)
                    batch = []
        posts += self._flush(batch)
        Post.objects.bulk_create(posts, batch_size=BATCH)

    @staticmethod
    def _flush(batch: list[Member]) -> list[Post]:
        created = Member.objects.bulk_create(batch, batch_size=BATCH)
        seen, posts = set(), []
        for member in created:  # the first member of each cell is its secretary
            if member.unit_id not in seen:
                seen.add(member.unit_id)
                posts.append(Post(member=member, title="bi_thu", unit_id=member.unit_id))
        return posts

    def _period(self, prefix, units, direct, rng, options) -> int:
        year = options["year"]
        period = ReviewPeriod.objects.create(
            committee=units[prefix],
            year=year,
            plan_number=f"{rng.randint(100, 300)}-KH/TU",
            plan_date=date(year, 10, 20),
            issuing_body=f"Ban Thường vụ Tỉnh ủy {prefix.upper()}",
            title=f"Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}",
            ruleset=RuleSet.objects.get(code="qd366-2025"),
            review_date=date(year, 12, 4),
        )
        Milestone.objects.bulk_create(
            [
                Milestone(
                    period=period,
                    order=1,
                    title="Triển khai, đảng viên tự kiểm điểm",
                    start=date(year, 11, 2),
                    due=date(year, 11, 20),
                ),
                Milestone(
                    period=period,
                    order=2,
                    title="Chi bộ họp kiểm điểm, chấm điểm",
                    unit_kinds=["chi_bo_truc_thuoc", "chi_bo_co_so"],
                    start=date(year, 11, 23),
                    due=date(year, 12, 11),
                ),
                Milestone(
                    period=period,
                    order=3,
                    title="Thẩm định, quyết định xếp loại",
                    unit_kinds=["dang_bo_co_so", "dang_bo_cap_tren"],
                    start=date(year, 12, 14),
                    due=date(year, 12, 30),
                ),
            ]
        )
        cells = [code for code in direct if rng.random() < options["rated_share"]]
        members_by_unit: dict[int, list[Member]] = defaultdict(list)
        fields = ("id", "unit_id", "admitted_on", "official_on", "category")
        for member in Member.objects.filter(unit__code__in=cells).only(*fields):
            members_by_unit[member.unit_id].append(member)
        params = {**RuleSet.objects.get(code="qd366-2025").params, "code": "qd366-2025"}
        reviews, unit_reviews = [], []
        for code in cells:
            unit = units[code]
            built, level = self._cell(period, unit, members_by_unit[unit.pk], rng, params)
            reviews += built
            status = rng.choice(["draft", "submitted", "recognised", "recognised"])
            unit_reviews.append(
                UnitReview(
                    period=period,
                    unit=unit,
                    status=status,
                    self_score=Decimal(rng.randint(70, 98)),
                    level=level or "",
                    decided_level=(level or "") if status == "recognised" else "",
                )
            )
            if len(reviews) >= BATCH:
                MemberReview.objects.bulk_create(reviews, batch_size=BATCH)
                reviews = []
        MemberReview.objects.bulk_create(reviews, batch_size=BATCH)
        UnitReview.objects.bulk_create(unit_reviews, batch_size=BATCH)
        return len(cells)

    @staticmethod
    def _cell(period, unit, members, rng, params):
        rows = []
        for _ in members:
            total = rng.randint(6, 12)
            rows.append(
                {
                    "general": Decimal(rng.randint(22, 30)),
                    "tasks": Decimal(rng.randint(40, 70)),
                    "total": total,
                    "done": total - rng.choice([0, 0, 0, 0, 0, 1]),
                    "late": rng.choice([0, 0, 0, 1]),
                    "exceeded": rng.randint(0, total // 2),
                }
            )
        scenario = {
            "ruleset": "qd366-2025",
            "review_date": period.review_date.isoformat(),
            "unit": {"code": unit.code, "kind": "chi_bo", "score": rng.randint(70, 98)},
            "members": [
                {
                    "id": i,
                    "official": m.official_on is not None,
                    "admitted_on": m.admitted_on.isoformat(),
                    "score": r["general"] + r["tasks"],
                    "tasks": {
                        "total": r["total"],
                        "done": r["done"],
                        "on_time": r["done"] - r["late"],
                        "exceeded": min(r["exceeded"], r["done"]),
                    },
                }
                for i, (m, r) in enumerate(zip(members, rows, strict=True))
            ],
        }
        result = classify_dict(scenario, params)
        pooled = (params["member"].get("quota") or {}).get("scope") == "pool"
        if pooled:  # QĐ 366: the cell proposes HTXS; the committee decides per pool (no quota in the cell)
            ruleset = parse_ruleset(params)
            members_out, _ = classify_before_quota(parse_scenario(scenario), ruleset)
            result["members"] = [member_json(m) | {"rank": m.rank} for m in members_out]
        built = [
            MemberReview(
                period=period,
                member=m,
                unit=unit,
                self_score_general=r["general"],
                self_score_tasks=r["tasks"],
                approved_score=r["general"] + r["tasks"],
                tasks_total=r["total"],
                tasks_done=r["done"],
                tasks_on_time=r["done"] - r["late"],
                tasks_exceeded=min(r["exceeded"], r["done"]),
                result_status=res["status"],
                level=res["level"] or "",
                basis_level=res["basis_level"] or "",
                reasons=res["reasons"],
                self_review_status="submitted",
                paper_self_review=True,
                category=m.category,
                pool_candidate=pooled and res["status"] == "rated" and res["level"] == "htxs",
                pool_rank=(r["general"] + r["tasks"]) if pooled and res["level"] == "htxs" else None,
            )
            for m, r, res in zip(members, rows, result["members"], strict=True)
        ]
        return built, (result["unit"] or {}).get("level")
