"""The review copy (审阅稿): the original .docx with a Word comment on the characters of each
finding, plus one comment at the top summarising the audit (missing sections, counts,
junk in headers and footers). Runs are split at the findings' offsets; nothing else in the
file changes, and the original is never written to.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..core.model import CATEGORIES, Document, Finding, Report, Severity
from ..fileio.atomic import Backups
from ..fileio.errors import FormatError, WriteError
from .docx_export import xml_safe
from .docx_ooxml import save_word
from .docx_reader import Piece, SourceParagraph, read_docx_tree
from .wordml import XML_SPACE, W

AUTHOR = "gongwen"
INITIALS = "GW"


def annotate_docx(source_path: str | Path, out_path: str | Path, report: Report,
                  document: Document | None = None, backups: Backups | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """Write the review copy of ``source_path`` to ``out_path`` (atomically) and return it.

    ``document`` is the model the report was made from: when given, the file must still
    read the same (else FormatError). Findings in headers and footers (``report.furniture``)
    go into the summary comment. ``progress(done, total)`` is called as comments are added.
    Raises FormatError / WriteError with Chinese messages; never writes onto the source
    (a symbolic or hard link to it included).
    """
    source, out = Path(source_path), Path(out_path)
    if same_file(source, out):
        raise WriteError(out, "不能覆盖原文件，请另选文件名或文件夹")  # a link to it included
    fresh, word = read_docx_tree(source)
    if document is not None and _texts(document) != _texts(fresh):
        raise FormatError(source, "文件在检查之后被修改过", "请重新检查后再导出审阅稿")
    comments = Comments(word)
    loose = []
    findings = sorted(report.findings, key=Finding.sort_key)
    for done, item in enumerate(findings, 1):
        if not _comment_on(comments, fresh, item):
            loose.append(item)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(findings))
    _add_summary(comments, fresh, report, loose)
    save_word(word, out, backups)
    return out


PROGRESS_EVERY = 500


def same_file(source: Path, out: Path) -> bool:
    """``out`` is ``source`` itself: the same path, or a symbolic or hard link to it."""
    if os.path.abspath(source) == os.path.abspath(out):
        return True
    try:
        return os.path.samefile(source, out)
    except OSError:  # out does not exist yet (or cannot be read): not the source
        return False


def _texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def comment_text(item: Finding) -> str:
    fix = ("建议在此另起一段。" if item.fix and item.fix.startswith("\n")
           else f"建议改为“{item.fix}”。" if item.fix else "建议删除。" if item.fix == "" else "")
    message = item.message if item.message.endswith(("。", "！", "？")) else item.message + "。"
    kind = CATEGORIES.get(item.category, item.category)
    return f"［{item.severity.chinese}·{kind}］{message}{fix}"


def _comment_on(comments: Comments, document: Document, item: Finding) -> bool:
    """Put a comment on the finding's characters; False when it has none to sit on."""
    if item.start >= item.end or not 0 <= item.paragraph < len(document.paragraphs):
        return False
    source = document.sources[item.paragraph]
    runs = isolate(source, item.start, item.end)
    if not runs:
        return False
    comments.add(runs[0], runs[-1], comment_text(item))
    return True


class Comments:
    """Adds Word comments in constant time each. python-docx's ``add_comment`` looks for
    the next free id with an XPath over every comment on each call (5,790 findings took
    71 s, 11,610 took 347 s); here the ids are counted once and handed out, and each
    comment and its range marks are made from XML templates (what python-docx writes)."""

    def __init__(self, word: Any):
        from docx.oxml.ns import nsdecls

        self.part = word.part._comments_part  # made when the file has none
        self.element = self.part.element
        used = [int(x) for x in self.element.xpath("./w:comment/@w:id")]
        self.next_id = max(used, default=-1) + 1
        date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.head = (f'<w:comment {nsdecls("w")} w:id="{{id}}" w:author="{AUTHOR}" '
                     f'w:initials="{INITIALS}" w:date="{date}"><w:p><w:pPr>'
                     '<w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle '
                     'w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>')
        self.marks = _range_marks()

    def add(self, first: Any, last: Any, text: str) -> None:
        """A comment with ``text`` (lines: paragraphs) on the runs ``first`` … ``last``."""
        from docx.oxml.parser import parse_xml

        comment_id, self.next_id = self.next_id, self.next_id + 1
        lines = [escape(xml_safe(line)) for line in text.split("\n")]
        body = "".join(f'<w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p><w:p>' for line in lines)
        self.element.append(parse_xml(self.head.format(id=comment_id) + body[: -len("<w:p>")]
                                      + "</w:comment>"))
        start, end, reference = (copy.deepcopy(m) for m in self.marks)
        for mark in (start, end, reference.find(W + "commentReference")):
            mark.set(W + "id", str(comment_id))
        first.addprevious(start)
        last.addnext(reference)
        last.addnext(end)


def _range_marks() -> tuple[Any, Any, Any]:
    """w:commentRangeStart, w:commentRangeEnd and the w:commentReference run, id unset."""
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml

    ns = nsdecls("w")
    return (parse_xml(f'<w:commentRangeStart {ns} w:id="0"/>'),
            parse_xml(f'<w:commentRangeEnd {ns} w:id="0"/>'),
            parse_xml(f'<w:r {ns}><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                      '<w:commentReference w:id="0"/></w:r>'))


def isolate(source: SourceParagraph, start: int, end: int) -> list[Any]:
    """Split runs so that model characters [start, end) are whole runs; return those w:r.

    A span inside Word's automatic number (not in any run) moves to the first run. The
    pieces are kept sorted by offset and updated where a run is split (no re-walk of the
    paragraph), so a paragraph with thousands of findings stays linear."""
    start = max(start, len(source.label))
    end = max(end, start + 1)
    for offset in (start, end):
        _split_at(source, offset)
    pieces = source.pieces
    first = bisect.bisect_right(pieces, start, key=lambda p: p.start) - 1
    runs: list[Any] = []
    for piece in pieces[max(first, 0):]:
        if piece.start >= end:
            break
        if piece.end > start and piece.run not in runs:
            runs.append(piece.run)
    if not runs and pieces:
        runs.append(pieces[0].run)
    return runs


def _split_at(source: SourceParagraph, offset: int) -> None:
    pieces = source.pieces
    index = bisect.bisect_right(pieces, offset, key=lambda p: p.start) - 1
    if index < 0 or not pieces[index].start < offset < pieces[index].end:
        return
    piece = pieces[index]
    run = piece.node.getparent()
    moved = list(run)[list(run).index(piece.node):]  # what goes into the twin run
    twin = split_run(piece.node, offset - piece.start)
    copies = dict(zip(moved, list(twin)[-len(moved):]))  # lxml elements hash by identity
    for later in pieces[index + 1:]:  # the rest of the run now lives in the twin
        if later.node not in copies:
            break
        later.node = copies[later.node]
    pieces[index:index + 1] = [Piece(piece.start, offset, piece.node),
                               Piece(offset, piece.end, copies[piece.node])]


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


def _add_summary(comments: Comments, document: Document, report: Report, loose: list[Finding]) -> None:
    first = next((s for s in document.sources[: len(document.paragraphs)] if s.pieces), None)
    if first is None:
        return
    runs = isolate(first, len(first.label), len(first.text))
    comments.add(runs[0], runs[-1], summary_text(report, loose))
