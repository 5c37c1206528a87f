"""The real client: LibreOffice turns the clean copy into a PDF, and the PDF shows the
layout: A4, the page count, 22 lines of 28 characters, ``— n —`` on alternating sides.

The 公文 font names are mapped to free fonts by fonts-gongwen.conf beside this file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gongwen.core.parse import parse_text
from gongwen.formats.docx_export import ExportOptions, export_docx

HERE = Path(__file__).resolve().parent
TOOLS = ("soffice", "pdftotext", "pdfinfo")
# 26 characters after the indent + 28 on the second line: every paragraph is two full lines
PARAGRAPH = "为民服务" * 13 + "态。"
PARAGRAPHS = 25  # page 1: title, blank, 10 paragraphs; page 2: 11; page 3: 4

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo) are needed for the "
           "render check; install libreoffice-writer-nogui and poppler-utils")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, catalog) -> Path:
    from gongwen.core.audit import Auditor

    folder = tmp_path_factory.mktemp("render")
    text = "某某局2024年上半年意识形态工作总结\n" + "\n".join([PARAGRAPH] * PARAGRAPHS)
    document = parse_text(text)
    report = Auditor(catalog.get("ideology-summary"), catalog.pack).audit(document)
    source = export_docx(report.document, report, folder / "render.docx", ExportOptions(force=True))
    env = {**os.environ, "FONTCONFIG_FILE": str(HERE / "fonts-gongwen.conf"), "HOME": str(folder)}
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(source)],
                   check=True, env=env, capture_output=True, timeout=120)
    return folder / "render.pdf"


def page_text(pdf: Path, page: int, layout: bool = True) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_a4_and_page_count(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+3\b", info)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1


def test_22_lines_of_28_characters(pdf):
    lines = [line.strip() for line in page_text(pdf, 2).splitlines() if line.strip()]
    body = [line for line in lines if "—" not in line]
    assert len(body) == 22
    widths = {len(line.replace(" ", "")) for line in body}
    assert widths == {26, 28}  # indented first lines and full lines
    first_page = [line for line in page_text(pdf, 1).splitlines() if line.strip() and "—" not in line]
    assert len(first_page) == 22 - 1  # the blank line under the title is not text


def test_page_numbers_alternate_sides(pdf):
    for page in (1, 2, 3):
        assert re.search(rf"— ?{page} ?—", page_text(pdf, page, layout=False))
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "2", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    positions = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>[12]</word>', bbox)]
    assert len(positions) == 2
    odd, even = positions
    assert odd > 595.3 / 2 > even
