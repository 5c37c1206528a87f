"""The reviewer's desk as CSV for Excel (``gongwen review --format csv``, 导出 CSV): UTF-8
with a BOM (without it Excel reads Chinese as GBK and shows mojibake), CRLF line ends,
one row per report. The similar pairs go to a second file beside it,
``<name>-重复.csv``, one row per pair: two tables of different shapes in one CSV cannot be
sorted or filtered in Excel. The reports file carries each report's largest share and the
other report of that pair, so it stands on its own.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path, PurePath

from ..core.review import ReviewTable, passage_text
from ..fileio.atomic import write_text_atomic

REPORT_HEADER = ["文件", "单位", "标题", "检查清单", "缺失必备章节", "单薄章节", "错误", "警告", "提示",
                 "占位符", "广告残留", "数据", "字数", "重复比例", "重复来源", "来源是往年报告", "路径"]
PAIR_HEADER = ["报告甲", "单位甲", "报告乙", "单位乙", "乙为往年报告", "重复比例", "甲在乙中的比例",
               "乙在甲中的比例", "重复段落数", "段落（甲↔乙）", "重复内容示例", "路径甲", "路径乙"]
PAIRS_SUFFIX = "-重复.csv"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A text cell Excel will not run as a formula (a title starting with = or -)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _csv(rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([v if isinstance(v, int | float) else _cell(v) for v in row])
    return out.getvalue()


def render_reports_csv(table: ReviewTable) -> str:
    """The reports table as CSV text (no BOM: ``write_review_csv`` adds it)."""
    rows: list[list[object]] = [REPORT_HEADER]
    for row in table.rows:
        rows.append([PurePath(row.path).name, row.unit, row.title, row.checklist_name,
                     "、".join(row.missing_titles), "、".join(row.thin_titles), row.errors,
                     row.warnings, row.infos, row.placeholders, row.junk, row.figures, row.chars,
                     _percent(row.recycled), PurePath(row.recycled_with).name if row.recycled_with
                     else "", "是" if row.recycled_earlier else "", row.path])
    return _csv(rows)


def render_pairs_csv(table: ReviewTable) -> str:
    rows: list[list[object]] = [PAIR_HEADER]
    for pair in table.pairs:
        a, b = str(pair.a), str(pair.b)
        longest = max(pair.passages, key=lambda p: p.chars)
        example = passage_text(table.excerpts.get((a, longest.a_paragraph), ""), longest, "a")
        where = "、".join(f"{p.a_paragraph + 1}↔{p.b_paragraph + 1}" for p in pair.passages)
        rows.append([PurePath(a).name, table.unit_of(a), PurePath(b).name, table.unit_of(b),
                     "是" if pair.earlier else "", _percent(pair.share), _percent(pair.a_share),
                     _percent(pair.b_share), len(pair.passages), where, example, a, b])
    return _csv(rows)


def pairs_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}{PAIRS_SUFFIX}")


def write_review_csv(path: str | Path, table: ReviewTable) -> tuple[Path, Path]:
    """Write the reports CSV to ``path`` and the pairs CSV beside it (both atomically,
    UTF-8 with BOM); return both paths. WriteError (Chinese message) on failure."""
    path = Path(path)
    second = pairs_path(path)
    write_text_atomic(path, render_reports_csv(table), encoding="utf-8-sig")
    write_text_atomic(second, render_pairs_csv(table), encoding="utf-8-sig")
    return path, second
