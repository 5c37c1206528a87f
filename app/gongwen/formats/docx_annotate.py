"""The review copy (审阅稿): the original .docx with a Word comment on the characters of each
finding, plus one comment at the top summarising the audit (missing sections, counts,
junk in headers and footers). Runs are split at the findings' offsets; nothing else in the
file changes, and the original is never written to.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from ..core.model import CATEGORIES, Document, Finding, Report, Severity
from ..fileio.atomic import Backups, write_atomic
from ..fileio.errors import FormatError, WriteError
from .docx_reader import SourceParagraph, _walk_inline, read_docx_tree
from .wordml import XML_SPACE, W

AUTHOR = "gongwen"
INITIALS = "GW"


def annotate_docx(source_path: str | Path, out_path: str | Path, report: Report,
                  document: Document | None = None, backups: Backups | None = None) -> Path:
    """Write the review copy of ``source_path`` to ``out_path`` (atomically) and return it.

    ``document`` is the model the report was made from: when given, the file must still
    read the same (else FormatError). Findings in headers and footers (``report.furniture``)
    go into the summary comment. Raises FormatError / WriteError with Chinese messages.
    """
    source, out = Path(source_path), Path(out_path)
    if os.path.abspath(source) == os.path.abspath(out):
        raise WriteError(out, "不能覆盖原文件，请另选文件名或文件夹")
    fresh, word = read_docx_tree(source)
    if document is not None and _texts(document) != _texts(fresh):
        raise FormatError(source, "文件在检查之后被修改过", "请重新检查后再导出审阅稿")
    loose = []
    for item in sorted(report.findings, key=Finding.sort_key):
        if not _comment_on(word, fresh, item):
            loose.append(item)
    _add_summary(word, fresh, report, loose)
    write_atomic(out, lambda tmp: word.save(str(tmp)), backups)  # WriteError in Chinese
    return out


def _texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def comment_text(item: Finding) -> str:
    fix = ("建议在此另起一段。" if item.fix and item.fix.startswith("\n")
           else f"建议改为“{item.fix}”。" if item.fix else "建议删除。" if item.fix == "" else "")
    message = item.message if item.message.endswith(("。", "！", "？")) else item.message + "。"
    kind = CATEGORIES.get(item.category, item.category)
    return f"［{item.severity.chinese}·{kind}］{message}{fix}"


def _comment_on(word: Any, document: Document, item: Finding) -> bool:
    """Put a comment on the finding's characters; False when it has none to sit on."""
    if item.start >= item.end or not 0 <= item.paragraph < len(document.paragraphs):
        return False
    source = document.sources[item.paragraph]
    runs = isolate(source, item.start, item.end)
    if not runs:
        return False
    _add_comment(word, runs[0], runs[-1], comment_text(item))
    return True


def _add_comment(word: Any, first: Any, last: Any, text: str) -> None:
    from docx.text.run import Run

    word.add_comment([Run(first, None), Run(last, None)], text=text, author=AUTHOR,
                     initials=INITIALS)


def isolate(source: SourceParagraph, start: int, end: int) -> list[Any]:
    """Split runs so that model characters [start, end) are whole runs; return those w:r.

    A span inside Word's automatic number (not in any run) moves to the first run."""
    start = max(start, len(source.label))
    end = max(end, start + 1)
    for offset in (start, end):
        _split_at(source, offset)
    runs: list[Any] = []
    for piece in source.pieces:
        if piece.start < end and piece.end > start and piece.run not in runs:
            runs.append(piece.run)
    if not runs and source.pieces:
        runs.append(source.pieces[0].run)
    return runs


def _split_at(source: SourceParagraph, offset: int) -> None:
    for piece in source.pieces:
        if piece.start < offset < piece.end:
            split_run(piece.node, offset - piece.start)
            _rewalk(source)
            return


def _rewalk(source: SourceParagraph) -> None:
    source.pieces = []
    parts = [source.label]
    _walk_inline(source.element, source, parts, [], len(source.label))


def split_run(text_node: Any, offset: int) -> Any:
    """Split the w:r holding ``text_node`` (a w:t) at ``offset`` characters into the node;
    the second half becomes a copy of the run (same properties) right after it."""
    run = text_node.getparent()
    position = list(run).index(text_node)
    twin = copy.deepcopy(run)
    head, tail = text_node.text[:offset], text_node.text[offset:]
    for child in list(run)[position + 1 :]:
        run.remove(child)
    for child in list(twin)[:position]:
        if child.tag != W + "rPr":
            twin.remove(child)
    twin_node = next(c for c in twin if c.tag == W + "t")
    text_node.text, twin_node.text = head, tail
    text_node.set(XML_SPACE, "preserve")
    twin_node.set(XML_SPACE, "preserve")
    run.addnext(twin)
    return twin


def summary_text(report: Report, loose: list[Finding]) -> str:
    lines = [f"公文审稿台检查摘要（清单：{report.checklist_name}）：错误 {report.count(Severity.ERROR)} 处，"
             f"警告 {report.count(Severity.WARNING)} 处，提示 {report.count(Severity.INFO)} 处。"]
    for required, kind in ((True, "必备"), (False, "建议")):
        missing = [s.title for s in report.sections if s.required is required and s.status == "missing"]
        if missing:
            lines.append(f"缺少{kind}章节：{'、'.join(missing)}。")
    thin = [s.title for s in report.sections if s.status == "thin"]
    if thin:
        lines.append(f"内容单薄：{'、'.join(thin)}。")
    lines += [comment_text(f) for f in loose if f.category != "structure"]
    where = {"header": "页眉", "footer": "页脚"}
    lines += [f"{where.get(kind, kind)}“{f.text[:30]}”：{f.message}" for kind, f in report.furniture]
    return "\n".join(lines)


def _add_summary(word: Any, document: Document, report: Report, loose: list[Finding]) -> None:
    first = next((s for s in document.sources[: len(document.paragraphs)] if s.pieces), None)
    if first is None:
        return
    runs = isolate(first, len(first.label), len(first.text))
    _add_comment(word, runs[0], runs[-1], summary_text(report, loose))
