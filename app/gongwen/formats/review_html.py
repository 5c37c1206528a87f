"""The reviewer's desk as one self-contained, printable HTML page (``gongwen review
--format html``, 导出 HTML): a summary, an inline SVG chart of errors, warnings and missing
sections per unit, the table of reports and the suspected copies with their passages.

No script, no web font, no external resource of any kind: it opens from a USB stick on a
machine without network and prints on A4 landscape.
"""

from __future__ import annotations

import datetime
from html import escape
from pathlib import Path, PurePath

from ..core.review import ReviewRow, ReviewTable, passage_text
from ..core.similarity import Pair
from ..fileio.atomic import write_text_atomic

CHART_UNITS = 40  # units in the chart: the ones with the most problems
FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
         '"WenQuanYi Micro Hei", "SimHei", sans-serif')
COLOURS = {"errors": "#d93025", "warnings": "#e37400", "missing": "#7b1fa2"}
CSS = """
* { box-sizing: border-box; }
body { font-family: @FONTS@; color: #202124; margin: 24px 32px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #dadce0; }
.meta { color: #5f6368; margin: 0 0 14px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid #dadce0; border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.card.bad b { color: #d93025; } .card.warn b { color: #e37400; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #dadce0; padding: 3px 6px; vertical-align: top; }
th { background: #f1f3f4; font-weight: 600; text-align: left; white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.bad td.first { border-left: 4px solid #d93025; }
td.hot { background: #fce8e6; color: #a50e0e; font-weight: 600; }
td.warm { background: #fef7e0; color: #8a4b00; }
.title { color: #5f6368; font-size: 11px; }
.badge { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 4px;
         background: #e8f0fe; color: #1967d2; margin-left: 4px; }
.excerpt { font-size: 12px; color: #3c4043; }
.excerpt mark { background: #fff3bf; }
.chart { width: 100%; max-width: 1100px; height: auto; }
.note { color: #5f6368; font-size: 12px; }
@page { size: A4 landscape; margin: 10mm 10mm 12mm; }
@media print {
  body { margin: 0; font-size: 10px; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .card, svg { break-inside: avoid; }
  .cards { gap: 6px; }
}
""".replace("@FONTS@", FONTS)


def render_review_html(table: ReviewTable, folder: str = "", generated: str | None = None,
                       root: str | None = None) -> str:
    """The page. ``folder`` is named in the heading; ``root`` (default ``folder``) is cut off
    the paths shown; ``generated`` is the date line (default: now)."""
    generated = generated or datetime.datetime.now().strftime("%Y年%m月%d日 %H:%M")
    root = root if root is not None else folder
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>审阅汇总 — {escape(PurePath(folder).name or folder)}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>下级报送材料审阅汇总</h1>",
        f'<p class="meta">文件夹：{escape(folder)} · 生成时间：{escape(generated)}</p>',
        _cards(table),
        "<h2>各单位问题一览</h2>", _chart(table.rows),
        "<h2>报告一览</h2>", _reports(table, root),
        "<h2>疑似重复的报告</h2>", _pairs(table, root),
    ]
    if table.unreadable:
        parts += ["<h2>无法读取的文件</h2>", _unreadable(table, root)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_review_html(path: str | Path, table: ReviewTable, folder: str = "",
                      generated: str | None = None) -> Path:
    """Write the page atomically (WriteError with a Chinese message on failure)."""
    write_text_atomic(path, render_review_html(table, folder, generated))
    return Path(path)


# ---------------------------------------------------------------- parts


def _cards(table: ReviewTable) -> str:
    rows = table.rows
    failing = sum(1 for r in rows if not r.acceptable)
    recycled = sum(1 for r in rows if r.recycled_earlier)
    cards = [("报告", len(rows), ""), ("不合格（缺必备章节或有错误）", failing, "bad" if failing else ""),
             ("疑似相互抄袭", sum(1 for p in table.pairs if not p.earlier),
              "warn" if any(not p.earlier for p in table.pairs) else ""),
             ("与往年报告重复", recycled, "warn" if recycled else "")]
    if table.unreadable:
        cards.append(("无法读取", len(table.unreadable), "bad"))
    items = "".join(f'<div class="card {kind}"><b>{count}</b>{escape(label)}</div>'
                    for label, count, kind in cards)
    return f'<div class="cards">{items}</div>'


def _label(row: ReviewRow) -> str:
    return row.unit or PurePath(row.path).stem


def _chart(rows: list[ReviewRow]) -> str:
    """Horizontal bars, one row per unit, one column per measure (each on its own scale)."""
    ranked = sorted((r for r in rows if r.errors or r.warnings or r.missing),
                    key=lambda r: (-len(r.missing), -r.errors, -r.warnings, _label(r)))
    if not ranked:
        return '<p class="note">所有报告均无错误、警告或缺失章节。</p>'
    shown = ranked[:CHART_UNITS]
    measures = [("errors", "错误", [r.errors for r in shown]),
                ("warnings", "警告", [r.warnings for r in shown]),
                ("missing", "缺失必备章节", [len(r.missing) for r in shown])]
    label_w, col_w, gap, row_h, top = 210, 260, 30, 22, 30
    width = label_w + len(measures) * (col_w + gap)
    height = top + row_h * len(shown) + 8
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="各单位错误、警告和缺失章节" '
           f'font-family=\'{FONTS}\' font-size="12">']
    for column, (key, title, _values) in enumerate(measures):
        x = label_w + column * (col_w + gap)
        out.append(f'<text x="{x}" y="16" font-weight="bold" fill="{COLOURS[key]}">{title}</text>')
    for i, row in enumerate(shown):
        y = top + i * row_h
        if i % 2 == 0:
            out.append(f'<rect x="0" y="{y - 2}" width="{width}" height="{row_h}" fill="#f8f9fa"/>')
        name = _label(row)
        short = name if len(name) <= 14 else name[:13] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end"><title>'
                   f'{escape(name)}</title>{escape(short)}</text>')
        for column, (key, _title, values) in enumerate(measures):
            x = label_w + column * (col_w + gap)
            top_value = max(5, max(values))  # a single error must not fill the column
            value = values[i]
            bar = round((col_w - 40) * value / top_value)
            if value:
                out.append(f'<rect x="{x}" y="{y + 3}" width="{bar}" height="{row_h - 8}" rx="2" '
                           f'fill="{COLOURS[key]}"/>')
            out.append(f'<text x="{x + bar + 5}" y="{y + 14}" fill="#3c4043">{value}</text>')
    out.append("</svg>")
    note = ""
    if len(ranked) > len(shown):
        note = (f'<p class="note">图中为问题最多的 {len(shown)} 个单位（有问题的共 {len(ranked)} 个），'
                "其余见下表。</p>")
    return "".join(out) + note


def _shown_path(path: str, root: str) -> str:
    try:
        return str(PurePath(path).relative_to(root)) if root else PurePath(path).name
    except ValueError:
        return PurePath(path).name


def _share(value: float) -> str:
    return f"{value:.0%}" if value else "—"


def _reports(table: ReviewTable, root: str) -> str:
    head = ("<thead><tr><th>#</th><th>单位</th><th>文件 / 标题</th><th>清单</th><th>缺失必备章节</th>"
            "<th>单薄章节</th><th>错误</th><th>警告</th><th>占位符</th><th>广告残留</th><th>数据</th>"
            "<th>字数</th><th>重复比例</th></tr></thead>")
    body = []
    for number, row in enumerate(table.rows, 1):
        source = ""
        if row.recycled:
            other = table.unit_of(row.recycled_with) or PurePath(row.recycled_with).stem
            badge = '<span class="badge">往年</span>' if row.recycled_earlier else ""
            source = f'<div class="title">与 {escape(other)}{badge}</div>'
        recycled_class = "hot" if row.recycled >= 0.5 else "warm" if row.recycled >= 0.2 else "n"
        body.append(
            f'<tr class="{"" if row.acceptable else "bad"}">'
            f'<td class="n first">{number}</td><td>{escape(row.unit or "—")}</td>'
            f'<td>{escape(_shown_path(row.path, root))}<div class="title">{escape(row.title)}</div></td>'
            f"<td>{escape(row.checklist_name)}</td>"
            f'<td class="{"hot" if row.missing else ""}">{escape("、".join(row.missing_titles)) or "—"}</td>'
            f'<td class="{"warm" if row.thin else ""}">{escape("、".join(row.thin_titles)) or "—"}</td>'
            f'<td class="n {"hot" if row.errors else ""}">{row.errors}</td>'
            f'<td class="n {"warm" if row.warnings else ""}">{row.warnings}</td>'
            f'<td class="n {"hot" if row.placeholders else ""}">{row.placeholders}</td>'
            f'<td class="n {"hot" if row.junk else ""}">{row.junk}</td>'
            f'<td class="n">{row.figures}</td><td class="n">{row.chars}</td>'
            f'<td class="n {recycled_class}">{_share(row.recycled)}{source}</td></tr>')
    return f'<table class="reports">{head}<tbody>{"".join(body)}</tbody></table>'


def _pairs(table: ReviewTable, root: str) -> str:
    if not table.pairs:
        return '<p class="note">没有发现相互抄袭或与往年报告重复的内容（共有的固定表述不计）。</p>'
    head = ("<thead><tr><th>报告甲</th><th>报告乙</th><th>重复比例</th><th>重复段落</th>"
            "<th>重复内容示例</th></tr></thead>")
    body = []
    for pair in table.pairs:
        body.append(f"<tr><td>{_pair_side(table, str(pair.a), root, False)}</td>"
                    f"<td>{_pair_side(table, str(pair.b), root, pair.earlier)}</td>"
                    f'<td class="n {"hot" if pair.share >= 0.5 else "warm"}">{pair.share:.0%}</td>'
                    f'<td>{_paragraph_list(pair)}</td><td class="excerpt">{_excerpt(table, pair)}</td></tr>')
    note = ('<p class="note">重复比例：较短一份报告的正文（忽略年份、数字、单位和地名、标点，'
            "不计各单位共有的固定表述）在另一份中出现的比例。段落号从 1 起。</p>")
    return f'<table class="pairs">{head}<tbody>{"".join(body)}</tbody></table>{note}'


def _pair_side(table: ReviewTable, path: str, root: str, earlier: bool) -> str:
    unit = table.unit_of(path) or "—"
    badge = '<span class="badge">往年</span>' if earlier else ""
    return f'{escape(unit)}{badge}<div class="title">{escape(_shown_path(path, root))}</div>'


def _paragraph_list(pair: Pair, limit: int = 8) -> str:
    items = [f"{p.a_paragraph + 1}↔{p.b_paragraph + 1}" for p in pair.passages[:limit]]
    more = f" 等 {len(pair.passages)} 处" if len(pair.passages) > limit else f"（{len(pair.passages)} 处）"
    return escape("、".join(items) + more)


def _excerpt(table: ReviewTable, pair: Pair, limit: int = 90) -> str:
    passage = max(pair.passages, key=lambda p: p.chars)
    text = passage_text(table.excerpts.get((str(pair.a), passage.a_paragraph), ""), passage, "a")
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return f"<mark>{escape(text)}</mark>" if text else ""


def _unreadable(table: ReviewTable, root: str) -> str:
    rows = "".join(f"<tr><td>{escape(_shown_path(u.path, root))}</td><td>{escape(u.message)}</td></tr>"
                   for u in table.unreadable)
    return f"<table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>{rows}</tbody></table>"
