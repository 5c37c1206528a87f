"""The readable Chinese report of ``gongwen audit --format text``."""

from __future__ import annotations

from pathlib import Path

from ..core.model import CATEGORIES, Document, Finding, Report, Severity
from ..core.rulepack import RulePack
from ..core.rules.punctuation import document_groups
from ..service import Choice

STATUS_MARK = {"ok": "✓", "thin": "△", "missing": "✗"}
STATUS_WORD = {"ok": "已写", "thin": "单薄", "missing": "缺失"}


def render_file(path: Path, document: Document, report: Report, choice: Choice | None = None,
                pack: RulePack | None = None, checklist_ids: list[str] | None = None) -> str:
    """``choice``: the checklist and why (said under the title, with how to switch among
    ``checklist_ids``); ``pack``: the rules, to list a document's half-width marks as one
    line per mark."""
    lines = [f"━━ {path}", f"标题：{report.title or '（未识别）'}    清单：{report.checklist_name}"]
    if choice is not None:
        others = [i for i in checklist_ids or () if i != choice.checklist.id]
        switch = f"；如不对，可用 --checklist ID 改用其他清单（{'、'.join(others)}）" if others else ""
        lines.append(f"清单依据：{choice.reason}{switch}")
    lines += [f"字数 {report.stats.chars} · 段落 {report.stats.paragraphs} · 数据 "
              f"{report.stats.figures} 处 · 错误 {report.count(Severity.ERROR)} · 警告 "
              f"{report.count(Severity.WARNING)} · 提示 {report.count(Severity.INFO)}", "", "章节："]
    for section in report.sections:
        kind = "必备" if section.required else "建议"
        where = f"（第 {section.paragraph + 1} 段）" if section.paragraph is not None else ""
        lines.append(f"  {STATUS_MARK[section.status]} {section.title}［{kind}］"
                     f"{STATUS_WORD[section.status]}{where}")
    for category, name in CATEGORIES.items():
        items = [f for f in report.findings if f.category == category]
        if not items:
            continue
        lines += ["", f"{name}（{len(items)}）："]
        summaries = document_groups(items, pack) if pack is not None and category == "punctuation" \
            else []
        grouped = {id(f) for _, members in summaries for f in members}
        lines += [_summary_line(summary, members) for summary, members in summaries]
        lines += [_finding_line(group) for group in _grouped([f for f in items
                                                             if id(f) not in grouped])]
    return "\n".join(lines) + "\n"


def _summary_line(summary: Finding, members: list[Finding]) -> str:
    """One line for all of a mark: where, as paragraph numbers (the first few)."""
    numbers = sorted({f.paragraph + 1 for f in members})
    where = "、".join(map(str, numbers[:8])) + (f" 等 {len(numbers)} 段" if len(numbers) > 8 else " 段")
    return f"  [{summary.severity.chinese}] {summary.message}（第 {where}）"


def _grouped(items: list[Finding]) -> list[list[Finding]]:
    """Identical findings in one paragraph (a dozen half-width commas) share one line."""
    groups: dict[tuple, list[Finding]] = {}
    for item in items:
        groups.setdefault((item.paragraph, item.rule, item.text, item.fix, item.message), []).append(item)
    return list(groups.values())


def _finding_line(group: list[Finding]) -> str:
    item = group[0]
    quote = f"“{_short(item.text)}”" if item.text.strip() else ""
    times = f" ×{len(group)}" if len(group) > 1 else ""
    fix = (" → 另起一段" if item.fix and item.fix.startswith("\n") else f" → “{item.fix}”"
           if item.fix else " → 删除" if item.fix == "" else "")
    return (f"  [{item.severity.chinese}] 第 {item.paragraph + 1} 段 {quote}{times}{fix}："
            f"{item.message}")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_summary(results: list[tuple[Path, Report]]) -> str:
    lines = ["━━ 汇总", f"{'文件':<32}{'缺失必备章节':<16}{'错误':>6}{'警告':>6}"]
    for path, report in results:
        missing = "、".join(s.title for s in report.sections
                           if s.required and s.status == "missing") or "—"
        lines.append(f"{path.name:<32}{missing:<16}{report.count(Severity.ERROR):>6}"
                     f"{report.count(Severity.WARNING):>6}")
    return "\n".join(lines)
