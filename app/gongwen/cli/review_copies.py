"""Where ``gongwen audit --annotate OUTDIR`` puts each review copy, and what it remembers of
them.

- A name that keeps the file's folder below the folder named on the command line
  (``甲/报告.docx`` → ``OUTDIR/甲/报告-审阅稿.docx``), so two ``报告.docx`` never meet; a name
  already taken in this run, or held by a file gongwen did not write as it is now, gets a
  number (``报告-审阅稿-2.docx``): a review copy the user has since edited is never
  overwritten, nor any other file.
- The record: ``<data folder>/review-copies.json`` maps each review copy written (its real
  path) to the SHA-256 of the bytes written. A re-run may replace a copy whose bytes are
  still those; it is also how a later audit of a folder knows which files are review
  copies (those, and any ``…-审阅稿….docx`` holding comments by gongwen, are skipped).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from pathlib import Path

from .. import paths

REVIEW_SUFFIX = "-审阅稿"
RECORD_NAME = "review-copies.json"
RECORD_LIMIT = 5000  # the oldest entries go first
REVIEW_NAME = re.compile(rf"{REVIEW_SUFFIX}(-\d+)?\.docx$", re.IGNORECASE)
GONGWEN_COMMENT = b'w:author="gongwen"'


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


class Records:
    """The review copies gongwen wrote (real path → SHA-256 of what it wrote)."""

    def __init__(self, path: Path | None = None):
        self.path = path or paths.data_dir() / RECORD_NAME
        self.entries: dict[str, str] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict):
            self.entries = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def ours_unchanged(self, path: Path) -> bool:
        """gongwen wrote ``path`` and nobody changed it since."""
        recorded = self.entries.get(_key(path))
        return recorded is not None and recorded == digest(path)

    def written(self, path: Path) -> None:
        key = _key(path)
        self.entries.pop(key, None)
        self.entries[key] = digest(path) or ""
        while len(self.entries) > RECORD_LIMIT:
            self.entries.pop(next(iter(self.entries)))

    def save(self) -> None:
        """Best effort: a record that cannot be kept only makes the next run more careful."""
        from ..fileio.atomic import write_text_atomic  # only a run that wrote copies saves

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps(self.entries, ensure_ascii=False, indent=0))
        except OSError:
            pass

    def is_review_copy(self, path: Path) -> bool:
        """A file gongwen wrote as a review copy (recorded here, or named so and carrying
        gongwen's comments): left out when a folder is audited."""
        if _key(path) in self.entries:
            return True
        return bool(REVIEW_NAME.search(path.name)) and _has_gongwen_comments(path)


def _has_gongwen_comments(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return GONGWEN_COMMENT in package.read("word/comments.xml")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def relative_folder(path: Path, roots: list[Path]) -> Path:
    """The folders between the command-line folder ``path`` was found in and the file."""
    for root in roots:
        try:
            return path.parent.relative_to(root)
        except ValueError:
            continue
    return Path()


def review_target(outdir: Path, source: Path, roots: list[Path], taken: set[Path],
                  records: Records) -> Path:
    """Where the review copy of ``source`` goes (see the module doc)."""
    from ..formats.docx_annotate import same_file

    folder = outdir / relative_folder(source, roots)
    number = 1
    while True:
        name = f"{source.stem}{REVIEW_SUFFIX}{'' if number == 1 else f'-{number}'}.docx"
        candidate = folder / name
        number += 1
        key = Path(_key(candidate))
        if key in taken or same_file(source, candidate):
            continue
        if (candidate.exists() or candidate.is_symlink()) and not records.ours_unchanged(candidate):
            continue  # the user's file, or our copy the user has edited since
        taken.add(key)
        return candidate
