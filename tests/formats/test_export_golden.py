"""Golden files of the 定稿's XML: an unintended change to what the export writes fails here.

The export of a fixed draft (both font schemes) is unpacked and its document.xml,
styles.xml, settings.xml and footers (named by their w:footerReference type, not by part
name) are normalised — blank text dropped, attributes sorted, pretty-printed — and compared
with tests/fixtures/golden/export-<scheme>/. styles.xml keeps the defaults, the latent
styles, every style the export adds and every style the document uses (with the styles
they are based on); the ~140 unused styles of python-docx's template are kept as the
SHA-256 of their normalised XML (styles-unused.sha256), so a change there fails too.
After an intended change to the export, regenerate them and review the diff:

    GONGWEN_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/formats/test_export_golden.py
    git diff tests/fixtures/golden/
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from gongwen.core.audit import Auditor
from gongwen.core.parse import parse_text
from gongwen.formats.docx_export import ExportOptions, export_docx

from support import FIXTURES

GOLDEN = FIXTURES / "golden"
REGENERATE = os.environ.get("GONGWEN_REGENERATE_GOLDEN") == "1"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DRAFT = """某某县文化和旅游局2024年上半年意识形态工作总结
各科室：
2024年上半年,局党组认真落实意识形态工作责任制，把意识形态工作摆在重要位置。
一、工作开展情况
（一）强化理论学习。局党组开展集中学习12次，覆盖干部86人次。
1.专题学习。组织专题学习4次。
（1）读书班。举办读书班2期。
二、存在问题
学习方式还比较单一。
三、下一步打算
持续深化理论武装。
"""
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def normalized(xml: bytes) -> str:
    root = etree.fromstring(xml, PARSER)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        items = sorted(element.attrib.items())
        element.attrib.clear()
        element.attrib.update(items)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def parts(docx_path: Path) -> dict[str, str]:
    """file name → normalised XML of the parts the golden files cover."""
    with zipfile.ZipFile(docx_path) as package:
        out = {name: normalized(package.read(f"word/{name}")) for name in ("document.xml", "settings.xml")}
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        document = etree.fromstring(package.read("word/document.xml"))
        users = [document]
        for ref in document.iter(W + "footerReference"):
            target = targets[ref.get(R + "id")].lstrip("/").removeprefix("word/")
            footer = package.read(f"word/{target}")
            out[f"footer-{ref.get(W + 'type')}.xml"] = normalized(footer)
            users.append(etree.fromstring(footer))
        out["styles.xml"], out["styles-unused.sha256"] = split_styles(package.read("word/styles.xml"), users)
    return out


def split_styles(xml: bytes, users: list) -> tuple[str, str]:
    """(the styles that matter, normalised; the SHA-256 of the unused rest)."""
    root = etree.fromstring(xml, PARSER)
    styles = {s.get(W + "styleId"): s for s in root.findall(W + "style")}
    wanted = {s for s, e in styles.items() if e.get(W + "default") == "1" or e.get(W + "customStyle") == "1"}
    for tree in users:
        for tag in ("pStyle", "rStyle", "tblStyle"):
            wanted |= {e.get(W + "val") for e in tree.iter(W + tag)}
    todo = list(wanted)
    while todo:
        element = styles.get(todo.pop())
        for tag in ("basedOn", "link", "next"):
            link = element.find(W + tag) if element is not None else None
            if link is not None and link.get(W + "val") not in wanted:
                wanted.add(link.get(W + "val"))
                todo.append(link.get(W + "val"))
    rest = etree.Element(W + "styles")
    for style_id, element in styles.items():
        if style_id not in wanted:
            rest.append(element)  # moves it out of root
    digest = hashlib.sha256(normalized(etree.tostring(rest)).encode("utf-8")).hexdigest()
    return normalized(etree.tostring(root)), f"{digest}  ({len(rest)} unused styles)\n"


@pytest.mark.parametrize("scheme", ["gb2312", "windows"])
def test_export_xml_matches_the_golden_files(tmp_path, catalog, scheme):
    document = parse_text(DRAFT)
    report = Auditor(catalog.get("ideology-summary"), catalog.pack).audit(document)
    options = ExportOptions(fonts=scheme, force=True, unit="中共某某县文化和旅游局党组",
                            date="2026-11-05")
    out = export_docx(report.document, report, tmp_path / "定稿.docx", options)
    found = parts(out)
    folder = GOLDEN / f"export-{scheme}"
    if REGENERATE:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        for name, xml in found.items():
            (folder / name).write_text(xml, encoding="utf-8")
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}
    assert sorted(found) == sorted(expected), "parts added or removed: regenerate on purpose (see module doc)"
    for name, xml in found.items():
        assert xml == expected[name], f"{name} changed: regenerate on purpose (see the module doc)"
    assert {"document.xml", "styles.xml", "footer-default.xml", "footer-even.xml"} <= set(found)
