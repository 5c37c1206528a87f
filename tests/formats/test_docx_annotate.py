"""The review copy: a comment on exactly the flagged characters, a summary at the top,
everything else as it was, the original untouched."""

from __future__ import annotations

import re
import zipfile

import docx
from docx_builders import digest
from lxml import etree

from gongwen.cli import main
from gongwen.core.audit import Auditor
from gongwen.formats import read_document
from gongwen.formats.docx_annotate import AUTHOR, annotate_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def commented_texts(path) -> dict[str, str]:
    """comment id → the text between its range start and end (w:t only)."""
    body = etree.tostring(docx.Document(str(path)).element.body, encoding="unicode")
    found = {}
    for cid in re.findall(r'<w:commentRangeStart [^>]*w:id="(\d+)"/>', body):
        start = re.search(rf'<w:commentRangeStart [^>]*w:id="{cid}"/>', body).end()
        end = re.search(rf'<w:commentRangeEnd [^>]*w:id="{cid}"/>', body).start()
        found[cid] = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body[start:end]))
    return found


def audit(path, catalog):
    document = read_document(path)
    return document, Auditor(catalog.get("ideology-summary"), catalog.pack).audit(document)


def test_comments_sit_on_the_flagged_characters(word_report, tmp_path, catalog):
    document, report = audit(word_report, catalog)
    placeholders = sorted(f.text for f in report.findings if f.category == "placeholder")
    assert "XX" in placeholders
    before = digest(word_report)
    out = annotate_docx(word_report, tmp_path / "审阅.docx", report, document)
    assert digest(word_report) == before
    copy = docx.Document(str(out))
    ours = [c for c in copy.comments if c.author == AUTHOR]
    by_id = {str(c.comment_id): c for c in copy.comments}
    ranges = commented_texts(out)
    flagged = [ranges[i] for i, c in by_id.items() if c.author == AUTHOR and "占位符" in c.text]
    assert sorted(flagged) == placeholders
    summary = ours[-1].text
    assert "检查摘要" in summary and "缺少必备章节" in summary
    assert "页眉" in summary and "仅供学习" in summary
    assert any(c.author == "张三" for c in copy.comments)  # the author's own comment stays


def test_everything_else_is_unchanged(word_report, tmp_path, catalog):
    document, report = audit(word_report, catalog)
    out = annotate_docx(word_report, tmp_path / "审阅.docx", report, document)
    assert [p.text for p in read_document(out).paragraphs] == [p.text for p in document.paragraphs]
    with zipfile.ZipFile(word_report) as old, zipfile.ZipFile(out) as new:
        for part in ("word/styles.xml", "word/numbering.xml", "word/header1.xml"):
            assert _canonical(old.read(part)) == _canonical(new.read(part))
    original = docx.Document(str(word_report))
    copy = docx.Document(str(out))
    for a, b in zip(original.paragraphs, copy.paragraphs):
        assert a.style.name == b.style.name
        props = {(r.bold, r.font.name, r.font.size) for r in a.runs}
        assert {(r.bold, r.font.name, r.font.size) for r in b.runs if r.text} <= props | {(None, None, None)}


def _canonical(data: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return etree.tostring(etree.fromstring(data, parser), method="c14n")


def test_cli_audit_annotate(word_report, tmp_path, capsys):
    before = digest(word_report)
    outdir = tmp_path / "审阅稿"
    code = main(["audit", "--annotate", str(outdir), str(word_report)])
    assert code == 1  # the placeholder is an error
    out = outdir / "报告-审阅稿.docx"
    assert out.exists() and digest(word_report) == before
    assert any(c.author == AUTHOR for c in docx.Document(str(out)).comments)
    assert "审阅稿" in capsys.readouterr().err
