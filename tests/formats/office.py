"""LibreOffice as the real client of the .docx tests: convert files, skip when it is absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
needs_office = pytest.mark.skipif(shutil.which("soffice") is None,
                                  reason="LibreOffice (soffice) is needed for this check")


def convert(sources: list[Path], fmt: str, folder: Path, timeout: int = 180) -> list[Path]:
    """Convert ``sources`` with one LibreOffice run (its own profile); the outputs, which
    exist only where LibreOffice could load the file."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(HERE / "fonts-gongwen.conf"), "HOME": str(folder)}
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    fmt, "--outdir", str(folder), *map(str, sources)],
                   env=env, capture_output=True, timeout=timeout, check=False)
    suffix = "." + fmt.split(":")[0]
    return [folder / (source.stem + suffix) for source in sources]


def text_export(source: Path, folder: Path) -> str:
    """LibreOffice's plain-text export (keeps the deleted text of tracked changes)."""
    out = convert([source], "txt:Text", folder)[0]
    assert out.exists(), f"LibreOffice could not load {source.name}"
    return out.read_text(encoding="utf-8-sig")
