"""The resolver against an independent implementation: LibreOffice renders each file to a
PDF and ``pdftohtml -xml`` tells, for the first piece of text of each paragraph, the font
and size LibreOffice used. Compared: the size of every paragraph's first run (all files),
and the East Asian font where the fontconfig file maps it to a distinct installed face
(仿宋/宋体 → Noto Serif CJK, 楷体 → AR PL UKai, 黑体 and 等线 → Noto Sans CJK, 游明朝 →
AR PL UKai) — so a theme font resolved through the wrong <a:font script> shows as the
wrong face. Without the mapping LibreOffice substitutes one face for every Chinese font,
and font names in the PDF say nothing. Indents and characters per line are not compared:
LibreOffice lays a character grid out differently from Word (design/tech-notes.md)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from layout_builders import gongwen_docx, word_default_docx
from lxml import etree

from gongwen.formats.docx_layout_facts import layout_facts
from gongwen.formats.docx_reader import read_docx_tree

from support import SHARED

HERE = Path(__file__).resolve().parent
TOOLS = ("soffice", "pdftohtml")
FACES = {"NotoSerifCJK": "serif", "NotoSansCJK": "sans", "UKai": "kai"}
MAPPED = {"仿宋_GB2312": "serif", "仿宋": "serif", "宋体": "serif", "方正小标宋简体": "serif",
          "楷体_GB2312": "kai", "楷体": "kai", "黑体": "sans", "等线": "sans", "游明朝": "kai"}
EXTRA_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="no">{base}</include>
  <match target="pattern"><test name="family"><string>等线</string></test>
    <edit name="family" mode="assign" binding="strong"><string>Noto Sans CJK SC</string></edit></match>
  <match target="pattern"><test name="family"><string>游明朝</string></test>
    <edit name="family" mode="assign" binding="strong"><string>AR PL UKai CN</string></edit></match>
</fontconfig>
"""
PX_PER_PT = 1.5  # pdftohtml's default zoom
SAMPLES = ("mr-out.docx", "lh-demo_gongwen.docx", "lh-requirements.docx")

pytestmark = pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS),
                                reason="LibreOffice (soffice) and poppler-utils (pdftohtml) are needed")


def japanese_theme(path: Path) -> Path:
    """Word's default document with themeFontLang eastAsia="ja-JP": the theme's Jpan entry."""
    import zipfile

    source = word_default_docx(path.with_name("zh.docx"))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/settings.xml":
                data = data.replace(b'w:eastAsia="zh-CN"', b'w:eastAsia="ja-JP"')
            new.writestr(item, data)
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name → (the .docx, its PDF), all converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("styles-render")
    files = [gongwen_docx(folder / "compliant.docx"), word_default_docx(folder / "word-default.docx"),
             japanese_theme(folder / "word-default-ja.docx")]
    for name in SAMPLES:
        if (SHARED / "docx-samples" / name).is_file():
            files.append(Path(shutil.copy(SHARED / "docx-samples" / name, folder / name)))
    conf = folder / "fonts.conf"
    conf.write_text(EXTRA_CONF.format(base=HERE / "fonts-gongwen.conf"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(folder)}
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
                   check=True, env=env, capture_output=True, timeout=240)
    return {f.stem: (f, f.with_suffix(".pdf")) for f in files}


def pdf_pieces(pdf: Path) -> list[tuple[str, float, str]]:
    """(text without spaces, size in points, face class) of each text piece, in order."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(pdf)], check=True,
                         capture_output=True, timeout=60).stdout
    root = etree.fromstring(xml, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    fonts = {}
    for spec in root.iter("fontspec"):
        face = next((c for k, c in FACES.items() if k in spec.get("family", "")), "other")
        fonts[spec.get("id")] = (float(spec.get("size")) / PX_PER_PT, face)
    pieces = []
    for text in root.iter("text"):
        size, face = fonts[text.get("font")]
        pieces.append((re.sub(r"\s+", "", "".join(text.itertext())), size, face))
    return pieces


def compare(docx_path: Path, pdf: Path) -> tuple[list[str], int, int]:
    """(mismatches, sizes compared, faces compared)."""
    document, word = read_docx_tree(docx_path)
    facts = layout_facts(word, document)
    pieces = pdf_pieces(pdf)
    mismatches, sizes, faces, at = [], 0, 0, 0
    for paragraph in document.paragraphs:
        layout = facts.paragraphs.get(paragraph.index)
        text = re.sub(r"\s+", "", paragraph.text)
        if layout is None or layout.kind != "body" or len(text) < 4 or not layout.spans:
            continue
        if not re.match(r"[\u4e00-\u9fff]", text):
            continue  # a piece starting with ASCII is set in the ASCII font
        match = next((i for i in range(at, len(pieces)) if len(pieces[i][0]) >= 2
                      and text.startswith(pieces[i][0])), None)
        if match is None:
            continue
        at = match + 1
        _, size, face = pieces[match]
        span = layout.spans[0]
        sizes += 1
        if abs(size - span.size_pt) > 0.75:
            mismatches.append(f"{paragraph.text[:12]}: size {span.size_pt} vs PDF {size:.2f}")
        expected = MAPPED.get(span.east_asia or "")
        if expected:
            faces += 1
            if face != expected:
                mismatches.append(f"{paragraph.text[:12]}: {span.east_asia} ({expected}) vs PDF {face}")
    return mismatches, sizes, faces


@pytest.mark.parametrize("name", ["compliant", "word-default", "word-default-ja", *[s[:-5] for s in SAMPLES]])
def test_resolved_fonts_and_sizes_match_libreoffice(rendered, name):
    if name not in rendered:
        pytest.skip(f"{name}.docx is not in ../shared/docx-samples")
    mismatches, sizes, faces = compare(*rendered[name])
    assert mismatches == []
    assert sizes >= 4
    if name.startswith("word-default") or name == "compliant":
        assert faces >= 4  # the theme fonts (等线 / 游明朝) and the style fonts were compared
