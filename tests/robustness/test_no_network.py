"""Offline by design: with every way out through sockets refused (and each attempt recorded),
a fresh process audits the fixtures, writes review copies and exports a clean copy — jieba
loaded from scratch with an empty cache folder. (A GUI session under the same patch belongs
with the editor tests.)"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from .hostile import write_docx
from support import FIXTURES, REPO

SCRIPT = textwrap.dedent("""
    import socket, sys

    attempts = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(name)
            raise OSError("network disabled by the test: " + name)
        return blocked

    socket.socket.connect = refuse("socket.connect")
    socket.socket.connect_ex = refuse("socket.connect_ex")
    socket.socket.sendto = refuse("socket.sendto")
    socket.create_connection = refuse("socket.create_connection")
    socket.getaddrinfo = refuse("socket.getaddrinfo")
    socket.gethostbyname = refuse("socket.gethostbyname")

    from gongwen.cli import main

    audit, export = sys.argv[1].split("\\x1f"), sys.argv[2].split("\\x1f")
    codes = [main(audit), main(export)]
    print("ATTEMPTS:", ",".join(attempts), file=sys.stderr)
    sys.exit(0 if codes == [0, 0] and not attempts else 3)
""")


def test_audit_annotate_and_export_without_network(tmp_path):
    fixtures = sorted(str(p) for p in FIXTURES.glob("*.txt"))
    source = write_docx(tmp_path / "来件.docx")
    reviews, final = tmp_path / "审阅稿", tmp_path / "定稿.docx"
    audit = ["audit", "--fail-on", "never", "--format", "json", "--annotate", str(reviews),
             *fixtures, str(source)]
    export = ["export", "--force", fixtures[0], str(final)]
    env = {**os.environ, "GONGWEN_CACHE_DIR": str(tmp_path / "cache"),
           "GONGWEN_DATA_DIR": str(tmp_path / "data"), "GONGWEN_CONFIG_DIR": str(tmp_path / "config"),
           "PYTHONPATH": str(REPO / "app")}
    result = subprocess.run([sys.executable, "-c", SCRIPT, "\x1f".join(audit), "\x1f".join(export)],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert "ATTEMPTS: \n" in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (reviews / "来件-审阅稿.docx").is_file() and final.is_file()
    for path in fixtures:
        assert path in result.stdout
