"""Tree reads that cost what the answer costs, on SQLite and PostgreSQL alike.

django-tree-queries builds its CTE over the whole table (every node ranked, then walked from every root), which a
province-sized table of thousands of units pays on every request. These recursive CTEs start from the node instead:
upwards along the parent links for a path (a handful of primary-key lookups), downwards for a subtree (index on
parent_id). One query each, whatever the depth.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from django.db import connection

from .models import Organization

TABLE = Organization._meta.db_table

_UP = f"""
WITH RECURSIVE up(id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM {TABLE} WHERE id = %s
    UNION ALL
    SELECT o.id, o.parent_id, up.depth + 1 FROM {TABLE} o JOIN up ON o.id = up.parent_id
)
SELECT id FROM up ORDER BY depth DESC
"""

_DOWN = f"""
WITH RECURSIVE down(id, depth) AS (
    SELECT id, 0 FROM {TABLE} WHERE id IN ({{roots}})
    UNION ALL
    SELECT o.id, down.depth + 1 FROM {TABLE} o JOIN down ON o.parent_id = down.id
)
"""


def ancestor_ids(pk: int) -> list[int]:
    """The ids from the root down to the node itself (the node's path), in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_UP, [pk])
        return [row[0] for row in cursor.fetchall()]


def subtree_ids(roots: list[int]) -> list[int]:
    """The ids of the roots and everything below them, in one query."""
    if not roots:
        return []
    sql = _DOWN.format(roots=", ".join(["%s"] * len(roots))) + "SELECT DISTINCT id FROM down"
    with connection.cursor() as cursor:
        cursor.execute(sql, roots)
        return [row[0] for row in cursor.fetchall()]


def subtree(root: Organization) -> list[Organization]:
    """The root and its descendants in depth-first order (siblings by position, then name), in one query.

    Each node gets `depth` (0 for the root) and `path` (ids from the root given to the node), and its full path
    from the real root cached for `access.path_ids`, so rights can be asked of any node without a query.
    """
    sql = _DOWN.format(roots="%s") + f"SELECT o.* FROM {TABLE} o JOIN down ON down.id = o.id"
    nodes = list(Organization.objects.raw(sql, [root.pk]))
    above = list(getattr(root, "_xl_path", None) or ancestor_ids(root.pk))[:-1]
    children: dict[int | None, list[Organization]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    ordered: list[Organization] = []
    stack = [(next(n for n in nodes if n.pk == root.pk), 0, [root.pk])]
    while stack:
        node, depth, path = stack.pop()
        node.depth, node.path = depth, path
        node._xl_path = [*above, *path]
        ordered.append(node)
        kids = sorted(children.get(node.pk, []), key=lambda n: n.order_key, reverse=True)
        stack.extend((kid, depth + 1, [*path, kid.pk]) for kid in kids)
    return ordered


def with_path(org: Organization) -> Organization:
    """The organisation with `tree_path` (ids from the real root to it) and `tree_depth`, in one query."""
    org.tree_path = ancestor_ids(org.pk)
    org.tree_depth = len(org.tree_path) - 1
    org._xl_path = org.tree_path
    return org


def as_tree(orgs: list[Organization]) -> list[Organization]:
    """The given organisations in depth-first order among themselves (a unit whose parent is not in the list
    starts a tree); siblings by position, then name. Sets `depth` within that forest. No query."""
    ids = {org.pk for org in orgs}
    children: dict[int | None, list[Organization]] = defaultdict(list)
    for org in orgs:
        children[org.parent_id if org.parent_id in ids else None].append(org)
    ordered: list[Organization] = []

    def walk(parent: int | None, depth: int) -> None:
        for org in sorted(children.get(parent, []), key=lambda o: o.order_key):
            org.depth = depth
            ordered.append(org)
            walk(org.pk, depth + 1)

    walk(None, 0)
    return ordered


class Row(NamedTuple):
    """A unit as a plain row (no model instance): for pages and reports over thousands of units."""

    pk: int
    parent_id: int | None
    code: str
    name: str
    kind: str
    position: int
    depth: int
    path: tuple[int, ...]

    @property
    def tree_depth(self) -> int:  # the names django-tree-queries uses, so callers can take either
        return self.depth

    @property
    def tree_path(self) -> tuple[int, ...]:
        return self.path


def subtree_rows(root_pk: int) -> list[Row]:
    """The root and its descendants as plain rows in depth-first order (siblings by position, then name)."""
    sql = _DOWN.format(roots="%s") + (
        f"SELECT o.id, o.parent_id, o.code, o.name, o.kind, o.position FROM {TABLE} o JOIN down ON down.id = o.id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [root_pk])
        fetched = cursor.fetchall()
    children: dict[int | None, list[tuple]] = defaultdict(list)
    for item in fetched:
        children[item[1]].append(item)
    rows: list[Row] = []
    stack = [(item, 0, (item[0],)) for item in fetched if item[0] == root_pk]
    while stack:
        item, depth, path = stack.pop()
        rows.append(Row(*item, depth, path))
        kids = sorted(children.get(item[0], ()), key=lambda kid: (kid[5], kid[3]), reverse=True)
        stack.extend((kid, depth + 1, (*path, kid[0])) for kid in kids)
    return rows
