"""``gongwen rules``: every rule in force with its id, category, severity and message."""

from __future__ import annotations

import argparse
import json

from ..core.model import CATEGORIES
from .common import setup

NAME = "rules"


def add_parser(sub) -> None:
    rules = sub.add_parser(NAME, help="列出全部检查规则（id、类别、严重程度、提示语）")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(run=run)


def rule_rows(catalog) -> list[dict]:
    """One row per rule, by category then id (``帮助 ▸ 检查规则`` shows the same): the rule
    packs' rules, then the 版式 rules of the layout standard in force."""
    order = {c: i for i, c in enumerate(CATEGORIES)}
    specs = sorted(catalog.pack.specs.values(), key=lambda s: (order.get(s.category, 99), s.id))
    rows = [{"id": s.id, "category": s.category, "category_name": CATEGORIES.get(s.category, ""),
             "severity": s.severity.label, "message": s.message,
             "kind": "pattern" if s.pattern else "code"} for s in specs]
    for rule in (catalog.layout.rules.values() if catalog.layout else ()):
        rows.append({"id": rule.id, "category": "layout", "category_name": CATEGORIES["layout"],
                     "severity": rule.severity.label, "message": " / ".join(rule.messages.values()),
                     "kind": "layout"})
    return rows


def run(args: argparse.Namespace) -> int:
    service, _ = setup(args)
    rows = rule_rows(service.catalog)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    category = None
    for row in rows:
        if row["category"] != category:
            category = row["category"]
            print(f"\n{row['category_name']}（{category}）")
        print(f"  {row['id']:<38} {row['severity']:<8} {row['message']}")
    print(f"\n共 {len(rows)} 条规则")
    return 0
