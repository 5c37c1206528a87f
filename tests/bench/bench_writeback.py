"""Write-back speed on a big .docx: prints figures, asserts nothing.

    python tests/bench/bench_writeback.py [--paragraphs 50000] [--repeat 3]

Builds a report of N model paragraphs (two or three runs each, a blank every tenth, a
4 × 5 table every 500 paragraphs, Word numbering on the headings), then times, on it:
reading it for editing, the paragraph alignment alone, and 保存 / 保存为修订稿 for three
edit scripts — three local edits; a fix in every tenth paragraph (全部修正标点 on a long
report); 200 paragraphs inserted and 200 deleted across the document.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "formats"))

SENTENCES = [
    "局党组坚持把意识形态工作摆在重要位置，全年召开专题会议{n}次",
    "组织理论学习中心组集中学习{n}次，开展专题研讨{n}次",
    "在门户网站和微信公众号发布信息{n}条，阅读量累计{n}万人次",
    "开展网络舆情排查{n}轮，妥善处置苗头性问题{n}起",
    "举办道德讲堂、文明实践活动{n}场，参与群众{n}人次",
]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(rng: random.Random, index: int) -> str:
    if index % 10 == 9:
        return "<w:p/>"
    text = SENTENCES[index % len(SENTENCES)].format(n=rng.randint(2, 999))
    cut = len(text) // 2
    runs = (f'<w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/></w:rPr><w:t>{text[:cut]}</w:t></w:r>'
            f'<w:r><w:rPr><w:b/></w:rPr><w:t>{text[cut:]}</w:t></w:r>'
            f'<w:r><w:t>（第{index}段）。</w:t></w:r>')
    ppr = '<w:pPr><w:ind w:firstLineChars="200"/></w:pPr>'
    if index % 50 == 0:
        ppr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr></w:pPr>'
    return f"<w:p>{ppr}{runs}</w:p>"


def _table(rng: random.Random) -> tuple[str, int]:
    rows = []
    for r in range(4):
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="1800" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>'
                        f'{"项目" if r == 0 else rng.randint(1, 99)}</w:t></w:r></w:p></w:tc>'
                        for _ in range(5))
        rows.append(f"<w:tr>{cells}</w:tr>")
    grid = "".join('<w:gridCol w:w="1800"/>' for _ in range(5))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>", 20


def build(path: Path, paragraphs: int, seed: int = 7) -> Path:
    import docx
    from docx.oxml import parse_xml
    from docx_builders import NUM, NUMBERING

    rng = random.Random(seed)
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    word.add_paragraph("placeholder")
    word.save(str(path))
    blocks, count = [], 0
    while count < paragraphs:
        if count and count % 500 == 0:
            table, cells = _table(rng)
            blocks.append(table)
            count += cells
        blocks.append(_paragraph(rng, count))
        count += 1
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.index("<w:sectPr")
    xml = xml[:start] + "".join(blocks) + xml[end:]
    rebuilt = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else archive.read(info)
            out.writestr(info, data)
    rebuilt.replace(path)
    return path


def scripts(old: list[str], rng: random.Random) -> dict[str, list[str]]:
    local = list(old)
    for index in (10, len(old) // 2, len(old) - 5):
        local[index] = local[index][:5] + "（修改）" + local[index][5:]
    spread = [t.replace("，", "、", 1) if i % 10 == 0 else t for i, t in enumerate(old)]
    moved = list(old)
    for _ in range(200):
        del moved[rng.randrange(len(moved))]
    for _ in range(200):
        moved.insert(rng.randrange(len(moved)), "新增一段关于意识形态阵地建设的内容。")
    return {"three local edits": local, "every 10th paragraph": spread,
            "200 inserted + 200 deleted": moved}


def timed(function, repeat: int) -> tuple[float, object]:
    """Median wall time over ``repeat`` runs (CPU time of the same runs kept in CPU)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), result


CPU: list[float] = []  # CPU seconds of the last timed() calls: a loaded machine inflates wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from gongwen.formats.docx_align import align_paragraphs
    from gongwen.formats.docx_revisions import save_docx_revisions
    from gongwen.formats.docx_writeback import read_docx_for_edit, save_docx_edits

    folder = Path(tempfile.mkdtemp(prefix="gongwen-bench-writeback-"))
    source = build(folder / "big.docx", args.paragraphs)
    seconds, (document, fingerprint) = timed(lambda: read_docx_for_edit(source), args.repeat)
    old = [p.text for p in document.paragraphs]
    size = source.stat().st_size / 1024 / 1024
    print(f"{len(old)} model paragraphs, {sum(map(len, old))} characters, {size:.1f} MB")
    print(f"  read_docx_for_edit {seconds * 1000:6.0f} ms (CPU {CPU[-1] * 1000:.0f} ms)")
    for name, new in scripts(old, random.Random(3)).items():
        align, _ = timed(lambda new=new: align_paragraphs(old, new), args.repeat)
        save, saved = timed(lambda new=new: save_docx_edits(
            source, folder / "out.docx", old, new, fingerprint=fingerprint), args.repeat)
        assert len(saved.texts) - len(saved.kept) == len(new)  # (labels may renumber)
        revisions, _ = timed(lambda new=new: save_docx_revisions(
            source, folder / "rev.docx", old, new, "审稿人", datetime.now(UTC)), args.repeat)
        align_cpu, save_cpu, revisions_cpu = CPU[-3:]
        print(f"  {name:26s} align {align * 1000:5.0f} ms (CPU {align_cpu * 1000:4.0f})   "
              f"保存 {save * 1000:5.0f} ms (CPU {save_cpu * 1000:4.0f})   "
              f"修订稿 {revisions * 1000:5.0f} ms (CPU {revisions_cpu * 1000:4.0f})")


if __name__ == "__main__":
    main()
