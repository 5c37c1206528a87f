"""`pip install .` (not only editable): the wheel carries the checklists and resources and
the installed package finds them at run time."""

import subprocess
import sys
import zipfile

from support import FIXTURES, REPO


def test_wheel_contains_and_finds_builtin_data(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    [wheel] = tmp_path.glob("gongwen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "gongwen/_checklists/ideology-summary.toml" in names
    assert "gongwen/_checklists/rules/placeholder.toml" in names
    assert "gongwen/_checklists/layout/gbt9704.toml" in names
    assert {"gongwen/_checklists/proof/typo.toml", "gongwen/_checklists/proof/lexicon/terms.txt",
            "gongwen/_checklists/proof/lexicon/shapes.txt", "gongwen/core/proof/engine.py"} <= set(names)
    assert not any(name.startswith(("tests/", "app/")) for name in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = ("import gongwen, gongwen.paths as p, gongwen.catalog as c; print(gongwen.__file__); "
             "print(p.builtin_checklists()); c.load_layout_standard('gbt9704')")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": ""}, cwd=tmp_path, timeout=60)
    module_file, checklists = run.stdout.split()
    assert module_file.startswith(str(site)) and checklists == str(site / "gongwen" / "_checklists")
    audit = subprocess.run([sys.executable, "-m", "gongwen", "audit", "--format", "json",
                            str(FIXTURES / "defects-report.txt")], capture_output=True, text=True,
                           env={"PYTHONPATH": str(site), "PATH": "",
                                "GONGWEN_CACHE_DIR": str(tmp_path / "cache"),
                                "GONGWEN_CONFIG_DIR": str(tmp_path / "config")},
                           cwd=tmp_path, timeout=120)
    assert audit.returncode == 1, audit.stderr
    assert '"placeholder.x"' in audit.stdout
