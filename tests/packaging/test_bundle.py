"""Smoke checks of a built bundle (packaging/build-linux.sh, build-windows.ps1).

Runs only when GONGWEN_BUNDLE points at the bundle folder:
    GONGWEN_BUNDLE=dist/gongwen pytest tests/packaging
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

BUNDLE = os.environ.get("GONGWEN_BUNDLE")
pytestmark = pytest.mark.skipif(
    not BUNDLE, reason="no bundle to test: set GONGWEN_BUNDLE=dist/gongwen after packaging/build-linux.sh")

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "packaging" / "fixtures" / "sample.txt"
BUDGET_MB = 150
QT_UNUSED = ("WebEngine", "Qml", "Quick", "Qt6Network", "Qt5Network", "3D", "Multimedia", "Pdf")


@pytest.fixture(scope="module")
def bundle() -> Path:
    path = Path(BUNDLE).resolve()
    assert path.is_dir(), f"GONGWEN_BUNDLE={BUNDLE} is not a folder"
    return path


@pytest.fixture(scope="module")
def before(bundle: Path) -> dict[str, tuple[int, int]]:
    """The bundle's files before any test runs it."""
    return _listing(bundle)


@pytest.fixture(scope="module")
def run(bundle: Path, before, tmp_path_factory):
    exe = bundle / ("gongwen.exe" if os.name == "nt" else "gongwen")
    home = tmp_path_factory.mktemp("user")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GONGWEN_CONFIG_DIR": str(home / "config"),
           "GONGWEN_DATA_DIR": str(home / "data"), "GONGWEN_CACHE_DIR": str(home / "cache")}

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8",
                              env=env, timeout=timeout, cwd=home)
    return run


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_version(run):
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("gongwen ")


def test_audit_text_finds_the_placeholder(run):
    result = run("audit", str(FIXTURE))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "占位符" in result.stdout


def test_audit_json(run):
    result = run("audit", "--format", "json", str(FIXTURE))
    assert result.returncode == 1, result.stderr
    (report,) = json.loads(result.stdout)
    assert report["checklist"] == "ideology-summary"
    assert any(f["rule"].startswith("placeholder") for f in report["findings"])


def test_export_docx(run, tmp_path):
    out = tmp_path / "sample.docx"
    result = run("export", str(FIXTURE), str(out), "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(out) as docx:
        assert "意识形态" in docx.read("word/document.xml").decode("utf-8")


def test_selftest(run):
    result = run("--selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout


def test_contents(bundle: Path):
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]  # as du counts
    size_mb = sum(p.stat().st_size for p in files) / 2**20
    assert size_mb <= BUDGET_MB, f"bundle is {size_mb:.0f} MB, budget {BUDGET_MB} MB"
    names = {p.name for p in files}
    assert not [n for n in names if any(part in n for part in QT_UNUSED)]
    translations = {p.name for p in files if p.suffix == ".qm"}
    assert "qtbase_zh_CN.qm" in translations
    assert all("zh_CN" in name for name in translations), translations
    internal = bundle / "_internal" / "gongwen"
    assert (internal / "_checklists" / "ideology-summary.toml").is_file()
    assert (internal / "_resources" / "jieba.pickle").is_file()


def test_nothing_written_inside_the_bundle(bundle: Path, before, run):
    run("--version")
    assert _listing(bundle) == before
