"""From a source checkout, the first `gongwen audit` keeps jieba's tables in the user cache
folder; later runs load them from there, and a damaged file is replaced, never fatal."""

import os
import subprocess
import sys

from support import FIXTURES


def audit(cache):
    env = {**os.environ, "GONGWEN_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-m", "gongwen", "audit", "--format", "json",
                             str(FIXTURES / "defects-special-report.txt")], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_snapshot_is_made_reused_and_replaced_when_damaged(tmp_path):
    first = audit(tmp_path)
    snapshot = tmp_path / "jieba.pickle"
    assert snapshot.is_file() and "卫辉市太公镇韩窑村" in first
    made = snapshot.stat().st_mtime_ns
    assert audit(tmp_path) == first
    assert snapshot.stat().st_mtime_ns == made
    snapshot.write_bytes(b"not a pickle")
    assert audit(tmp_path) == first
    assert snapshot.stat().st_size > 1_000_000
