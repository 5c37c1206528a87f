"""What the layout check costs: reading a .docx, resolving its layout facts (from the
package already open, and from the path, which reads the file again), judging them, and
loading the standard. Prints figures (median of repeats); asserts nothing.

    .venv/bin/python tests/bench/bench_layout.py [--chars 100000 200000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from gongwen.catalog import load_catalog, load_layout_standard  # noqa: E402
from gongwen.core.audit import Auditor  # noqa: E402
from gongwen.core.parse import parse_text  # noqa: E402
from gongwen.core.rules.layout import deviations  # noqa: E402
from gongwen.formats.docx_export import ExportOptions, export_docx  # noqa: E402
from gongwen.formats.docx_layout_facts import layout_facts  # noqa: E402
from gongwen.formats.docx_reader import read_docx_tree  # noqa: E402

from support import SHARED  # noqa: E402

PARAGRAPH = "全年开展集中学习12次，覆盖干部86人次，组织专题研讨4次，形成调研报告3篇。"


def median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(name: str, path: Path, repeat: int, standard) -> None:
    document, word = read_docx_tree(path)
    read = median_ms(lambda: read_docx_tree(path), repeat)
    facts_open = median_ms(lambda: layout_facts(word, document), repeat)
    facts_path = median_ms(lambda: layout_facts(path, document), repeat)
    facts = layout_facts(word, document)
    judge = median_ms(lambda: deviations(document, facts, standard), repeat)
    print(f"{name:<28} {len(document.paragraphs):>6} ¶  read {read:7.1f} ms  "
          f"facts (open package) {facts_open:6.1f} ms ({facts_open / read:4.0%} of read)  "
          f"facts (from path) {facts_path:7.1f} ms  judge {judge:5.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, nargs="*", default=[100_000, 200_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load = median_ms(load_layout_standard, args.repeat)
    print(f"load gbt9704.toml (parse + check its examples): {load:.1f} ms")
    standard = load_layout_standard()
    catalog = load_catalog(user_folder=Path("/nonexistent"))
    with tempfile.TemporaryDirectory() as folder:
        for chars in args.chars:
            text = "某某局2025年意识形态工作总结\n" + "\n".join(
                [PARAGRAPH] * (chars // len(PARAGRAPH)))
            document = parse_text(text)
            report_ = Auditor(catalog.get("ideology-summary"), catalog.pack).audit(document)
            path = export_docx(report_.document, report_, Path(folder) / f"export-{chars}.docx",
                               ExportOptions(force=True))
            report(f"export of {chars // 1000}k chars", path, args.repeat, standard)
    for path in sorted((SHARED / "docx-samples").glob("*.docx")):
        report(path.name, path, args.repeat, standard)


if __name__ == "__main__":
    main()
