"""Planted copies of the clean typo fixtures and the findings each planted error must get.

    python tests/accuracy/typo/planted.py      # (re)write planted/*.txt and planted/*.expected.toml

planted.toml lists the edits; this module applies them (the tests use it directly and check
that the files in planted/ are up to date, so that a reader can open the copies).
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLEAN = HERE / "clean"
PLANTED = HERE / "planted"
REPO = HERE.parents[2]


@dataclass(frozen=True)
class Expected:
    file: str
    paragraph: int
    start: int
    end: int
    text: str
    rule: str
    fix: str | None
    kind: str


def edits() -> list[dict]:
    return tomllib.loads((HERE / "planted.toml").read_text(encoding="utf-8"))["edit"]


def clean_files() -> list[Path]:
    return sorted(CLEAN.glob("*.txt"))


def clean_text(name: str) -> str:
    return (CLEAN / name).read_text(encoding="utf-8")


def _position(text: str, offset: int) -> tuple[int, int]:
    paragraph = text.count("\n", 0, offset)
    return paragraph, offset - (text.rfind("\n", 0, offset) + 1)


def planted(name: str) -> tuple[str, list[Expected]]:
    """The planted copy of clean/<name> and the findings its errors must get."""
    text = clean_text(name)
    mine = [e for e in edits() if e["file"] == name]
    for edit in mine:
        context = edit["context"]
        if text.count(context) != 1 or context.count(edit["right"]) < 1:
            raise ValueError(f"{name}: context {context!r} must occur once and contain {edit['right']!r}")
        text = text.replace(context, context.replace(edit["right"], edit["wrong"], 1))
    expected = []
    for edit in mine:
        after = edit["context"].replace(edit["right"], edit["wrong"], 1)
        if text.count(after) != 1:
            raise ValueError(f"{name}: planted context {after!r} is not unique")
        wrong_at = text.index(after) + edit["context"].index(edit["right"])
        flagged = edit.get("flagged", edit["wrong"])
        start = text.find(flagged, max(0, wrong_at - len(flagged)))
        if start < 0 or start > wrong_at + len(edit["wrong"]):
            raise ValueError(f"{name}: {flagged!r} is not where {edit['wrong']!r} was planted")
        paragraph, offset = _position(text, start)
        fix = edit.get("fix", edit["right"])
        expected.append(Expected(name, paragraph, offset, offset + len(flagged), flagged,
                                 edit["rule"], fix or None, edit["kind"]))
    return text, expected


def expected_toml(expected: list[Expected]) -> str:
    lines = ["# Written by planted.py from planted.toml: where each planted error is and what the",
             "# audit must report (paragraph: 0-based line; start/end: offsets in the line).", ""]
    for item in expected:
        lines += ["[[error]]", f"paragraph = {item.paragraph}", f"start = {item.start}",
                  f"end = {item.end}", f"text = {json.dumps(item.text, ensure_ascii=False)}",
                  f"rule = {json.dumps(item.rule)}",
                  f"fix = {json.dumps(item.fix or '', ensure_ascii=False)}",
                  f"kind = {json.dumps(item.kind, ensure_ascii=False)}", ""]
    return "\n".join(lines)


def outputs() -> dict[Path, str]:
    """Every file planted/ should hold, with its content."""
    files = {}
    for path in clean_files():
        text, expected = planted(path.name)
        files[PLANTED / path.name] = text
        files[PLANTED / (path.stem + ".expected.toml")] = expected_toml(expected)
    return files


def main() -> int:
    PLANTED.mkdir(exist_ok=True)
    for path, content in outputs().items():
        path.write_text(content, encoding="utf-8")
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
