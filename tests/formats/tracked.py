"""Accept or reject one author's tracked changes in a main document part, as Word does, so
a test can read "the copy after 全部接受" and "after 全部拒绝" with the ordinary reader."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

from gongwen.formats.docx_edits import body_of
from gongwen.formats.docx_package import open_package
from gongwen.formats.docx_reader import collect_parts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAIN = "word/document.xml"


def _by(element, author: str) -> bool:
    return element.get(W + "author") == author


def _unwrap(element) -> None:
    parent = element.getparent()
    position = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(position, child)
    parent.remove(element)


def _mark(p, kind: str, author: str):
    mark = p.find(f"{W}pPr/{W}rPr/{W}{kind}")
    return mark if mark is not None and _by(mark, author) else None


def _join_next(p) -> None:
    """Remove a paragraph mark: what is left of ``p`` joins the next paragraph."""
    following = p.getnext()
    content = [c for c in p if c.tag != W + "pPr"]
    if following is not None and following.tag == W + "p":
        at = 1 if following.find(W + "pPr") is not None else 0
        for child in reversed(content):
            following.insert(at, child)
    p.getparent().remove(p)


def accept(root, author: str) -> None:
    for deleted in list(root.iter(W + "del")):
        if _by(deleted, author) and deleted.getparent().tag != W + "rPr":
            deleted.getparent().remove(deleted)
    for inserted in list(root.iter(W + "ins")):
        if _by(inserted, author) and inserted.getparent().tag != W + "rPr":
            _unwrap(inserted)
    for p in list(root.iter(W + "p")):
        if (mark := _mark(p, "ins", author)) is not None:
            mark.getparent().remove(mark)
        if _mark(p, "del", author) is not None:
            _join_next(p)
    for change in list(root.iter(W + "pPrChange")):
        if _by(change, author):
            change.getparent().remove(change)


def reject(root, author: str) -> None:
    for inserted in list(root.iter(W + "ins")):
        if _by(inserted, author) and inserted.getparent().tag != W + "rPr":
            inserted.getparent().remove(inserted)
    for deleted in list(root.iter(W + "del")):
        if _by(deleted, author) and deleted.getparent().tag != W + "rPr":
            for node in deleted.iter(W + "delText", W + "delInstrText"):
                node.tag = W + ("t" if node.tag == W + "delText" else "instrText")
            _unwrap(deleted)
    for p in list(root.iter(W + "p")):
        if (mark := _mark(p, "del", author)) is not None:
            mark.getparent().remove(mark)
        if _mark(p, "ins", author) is not None:
            _join_next(p)
    for change in list(root.iter(W + "pPrChange")):
        if _by(change, author):
            p_pr = change.getparent()
            for child in list(p_pr):
                if child.tag not in (W + "rPr", W + "sectPr"):
                    p_pr.remove(child)
            for position, child in enumerate(change.find(W + "pPr")):
                p_pr.insert(position, copy.deepcopy(child))


def resolved_texts(path: Path, author: str, how) -> list[str]:
    """The body texts of ``path`` after ``how`` (accept / reject) of ``author``'s changes."""
    package = open_package(path, path.read_bytes())
    how(package.tree.getroot(), author)
    found = collect_parts(package.body, package.numbering, package.styles)
    return [s.text for s in body_of(found)]


def marks(path: Path) -> list:
    with zipfile.ZipFile(path) as archive:
        root = etree.parse(io.BytesIO(archive.read(MAIN))).getroot()
    return [e for e in root.iter(W + "ins", W + "del", W + "pPrChange")]
