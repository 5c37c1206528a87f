"""The performance bench: one command, a table of figures beside their budgets, and JSON.

    python tests/bench/run.py [--quick] [--repeat N] [--json PATH] [--only NAME ...]

Each measurement runs in a process of its own (tests/bench/probes.py); figures are the
median and the 95th percentile over the repeats. A missed budget prints MISSED but exits 0;
a measurement that crashes exits 1. ``--quick`` (tiny inputs, one repeat) is the CI smoke
run. The JSON goes to PATH, by default to a gongwen-bench folder in the temp directory.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE_ORDER = ("startup", "keystroke", "audit", "cli", "docx", "rss", "paste", "bigfile")


@dataclass(frozen=True)
class Budget:
    limit: float
    higher_is_better: bool = False
    statistic: str = "median"  # which figure is held against the limit


@dataclass(frozen=True)
class Kind:
    label: str  # {size} is replaced by the input size
    unit: str
    scale: float = 1.0  # sample → unit


KINDS = {
    "startup.editable": Kind("cold start → window editable", "s"),
    "startup.checklist": Kind("cold start → first full checklist", "s"),
    "keystroke.latency": Kind("keystroke → checklist updated, {size} chars", "ms"),
    "keystroke.uiwall": Kind("  same, wall time (with GIL and CPU waits), {size} chars", "ms"),
    "keystroke.ui": Kind("UI-thread work (CPU) per keystroke, {size} chars", "ms"),
    "audit.cold": Kind("audit of unseen text, {size} chars", "k chars/s", 1e-3),
    "cli.small": Kind("gongwen audit FILE, one small .txt, start to exit", "s"),
    "cli": Kind("gongwen audit DIR, {size} .docx", "s"),
    "paste.checklist": Kind("paste {size} chars → checklist complete", "s"),
    "paste.stall": Kind("  longest UI-thread event meanwhile", "ms"),
    "bigfile.cli": Kind("gongwen audit of a {size}-char .txt", "s"),
    "bigfile.checklist": Kind("open it in the editor → checklist complete", "s"),
    "bigfile.stall": Kind("  longest UI-thread event meanwhile", "ms"),
    "docx.import": Kind(".docx import, {size} chars", "s"),
    "docx.export": Kind(".docx export, {size} chars", "s"),
    "rss": Kind("peak RSS, {size}-char draft open", "MB"),
}

BUDGETS = {
    "startup.editable": Budget(0.5),
    "startup.checklist": Budget(1.5),
    "keystroke.latency.30000": Budget(50, statistic="p95"),
    "keystroke.latency.200000": Budget(150, statistic="p95"),
    "keystroke.ui.30000": Budget(8, statistic="p95"),
    "keystroke.ui.200000": Budget(16, statistic="p95"),
    "audit.cold.200000": Budget(300, higher_is_better=True),
    "cli.small": Budget(0.5),
    "cli.16.60000": Budget(1.5),
    "paste.checklist.200000": Budget(1.0),
    "paste.stall.200000": Budget(100),
    "bigfile.stall.3300000": Budget(100),
    "docx.export.100000": Budget(1.0),
    "rss.200000": Budget(300),
}


def budget_of(key: str) -> Budget | None:
    if key in BUDGETS:
        return BUDGETS[key]
    kind = key.rsplit(".", 1)[0]
    return BUDGETS.get(kind) if kind.startswith("audit.") else None


def kind_of(key: str) -> tuple[Kind, str]:
    for prefix, kind in KINDS.items():
        if key.startswith(prefix + "."):
            size = key[len(prefix) + 1:]
            return kind, size
        if key == prefix:
            return kind, ""
    return Kind(key, ""), ""


def describe_size(size: str) -> str:
    if size.count(".") == 1:  # cli: files.chars
        files, chars = size.split(".")
        return f"{files} files / {int(chars) // 1000}k chars"
    return f"{int(size) // 1000}k" if size.isdigit() and int(size) >= 1000 else size


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (with few samples the p95 is the largest one)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summarize(key: str, samples: list[float]) -> dict:
    kind, size = kind_of(key)
    values = [v * kind.scale for v in samples]
    entry = {"label": kind.label.format(size=describe_size(size)), "unit": kind.unit,
             "samples": values, "median": statistics.median(values),
             "p95": percentile(values, 0.95), "budget": None, "status": "—"}
    budget = budget_of(key)
    if budget is not None:
        figure = entry[budget.statistic]
        met = figure >= budget.limit if budget.higher_is_better else figure <= budget.limit
        entry["budget"] = {"limit": budget.limit, "statistic": budget.statistic,
                           "higher_is_better": budget.higher_is_better}
        entry["status"] = "ok" if met else "MISSED"
    return entry


def run_probe(name: str, work: Path, repeat: int, quick: bool) -> tuple[dict, str | None]:
    command = [sys.executable, str(HERE / "probes.py"), name, "--work", str(work),
               "--repeat", str(repeat)] + (["--quick"] if quick else [])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return {}, f"{name}: timed out"
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {}, f"{name}: exit {done.returncode}\n{done.stderr.strip()[-2000:]}"
    try:
        return json.loads(lines[-1]), None
    except json.JSONDecodeError:
        return {}, f"{name}: no JSON result\n{done.stdout[-1000:]}"


def format_figure(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f}"
    return f"{value:.1f}" if value < 1000 else f"{value:,.0f}"


def print_table(entries: dict[str, dict]) -> None:
    rows = [("measurement", "unit", "median", "p95", "budget", "status")]
    for entry in entries.values():
        budget = entry["budget"]
        limit = "—"
        if budget:
            sign = "≥" if budget["higher_is_better"] else "≤"
            limit = f"{sign} {format_figure(budget['limit'], entry['unit'])} ({budget['statistic']})"
        rows.append((entry["label"], entry["unit"], format_figure(entry["median"], entry["unit"]),
                     format_figure(entry["p95"], entry["unit"]), limit, entry["status"]))
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print("  ".join(pad(cell, widths[i], i >= 2 and i < 4) for i, cell in enumerate(row)))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def display_width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(text))
    return space + text if right else text + space


def default_json_path() -> Path:
    return Path(tempfile.gettempdir()) / "gongwen-bench" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny inputs, one repeat (CI smoke run)")
    parser.add_argument("--repeat", type=int, help="samples per figure (default 7, --quick 1)")
    parser.add_argument("--json", type=Path, help="where to write the JSON (default: temp folder)")
    parser.add_argument("--only", nargs="+", choices=PROBE_ORDER, help="run these measurements only")
    parser.add_argument("--preview", nargs="?", const=-1, type=int, metavar="DELAY_MS",
                        help="keystrokes with the page preview open; DELAY_MS: its delay after a "
                             "result (default: the app's; 0 lays the pages out after every result)")
    args = parser.parse_args(argv)
    if args.preview is not None:
        os.environ["GONGWEN_BENCH_PREVIEW"] = str(args.preview)  # read by probes.py's window
    repeat = args.repeat or (1 if args.quick else 7)
    out = args.json or default_json_path()
    entries: dict[str, dict] = {}
    errors: list[str] = []
    began = time.perf_counter()
    load = [load_average()]
    speed = [calibration_ms()]
    with tempfile.TemporaryDirectory(prefix="gongwen-bench-") as work:
        for name in args.only or PROBE_ORDER:
            print(f"… {name}", file=sys.stderr, flush=True)
            samples, error = run_probe(name, Path(work), repeat, args.quick)
            if error:
                errors.append(error)
            entries.update({key: summarize(key, values) for key, values in samples.items()})
    load.append(load_average())
    speed.append(calibration_ms())
    print_table(entries)
    missed = [e["label"] for e in entries.values() if e["status"] == "MISSED"]
    print(f"\n{len(entries)} figures, {len(missed)} budgets MISSED, {len(errors)} measurements "
          f"crashed; {time.perf_counter() - began:.0f} s, {repeat} repeats"
          f"{' (quick)' if args.quick else ''}{preview_note(args.preview)}"
          f"; load average {load[0]:.2f} before, {load[1]:.2f} "
          f"after on {os.cpu_count()} cores (other processes slow the wall-time figures); "
          f"a fixed Python loop took {speed[0]:.0f} ms before, {speed[1]:.0f} ms after "
          f"(this machine's own speed, which swings by a third)")
    for error in errors:
        print(f"CRASHED {error}", file=sys.stderr)
    write_json(out, entries, errors, repeat, args.quick, load, speed)
    print(f"JSON: {out}")
    return 1 if errors else 0


def preview_note(delay: int | None) -> str:
    if delay is None:
        return ""
    return ", preview open" + (f" (delay {delay} ms)" if delay >= 0 else "")


def calibration_ms() -> float:
    """The best of three runs of a fixed Python loop, in ms: how fast the machine is right
    now, to read the wall-time figures beside."""
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for number in range(1_000_000):
            total += number
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def load_average() -> float:
    """The 1-minute load average (-1 where the system has none)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return -1.0


def write_json(path: Path, entries: dict, errors: list[str], repeat: int, quick: bool,
               load: list[float], speed: list[float]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "repeat": repeat, "quick": quick, "load_average": load,
            "calibration_ms": speed,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S")}
    path.write_text(json.dumps({"meta": meta, "figures": entries, "errors": errors},
                               ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
