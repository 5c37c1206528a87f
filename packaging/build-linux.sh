#!/usr/bin/env bash
# Build the Linux one-folder bundle dist/gongwen/ and smoke-run it.
#
#   packaging/build-linux.sh                          fresh venv in build/venv-linux (needs pip access)
#   packaging/build-linux.sh --python .venv/bin/python   build with an existing environment
#   packaging/build-linux.sh --smoke-only              only check an existing dist/gongwen
#
# Environment: PYTHON (interpreter for the fresh venv, default python3, must be 3.11+).
# Exits non-zero on the first failing step; every step prints its name.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD_PY=""
SMOKE_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --python) BUILD_PY="$2"; shift 2 ;;
        --smoke-only) SMOKE_ONLY=1; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

DIST="$ROOT/dist/gongwen"
BIN="$DIST/gongwen"
FIXTURE="$ROOT/packaging/fixtures/sample.txt"
START=$SECONDS
STEP_START=$SECONDS
step() { echo; echo "==> $*"; STEP_START=$SECONDS; }
ok() { echo "    ok ($((SECONDS - STEP_START)) s)${1:+: $1}"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

if [ "$SMOKE_ONLY" = 0 ]; then
    if [ -z "$BUILD_PY" ]; then
        step "create a fresh venv (build/venv-linux)"
        rm -rf build/venv-linux
        "${PYTHON:-python3}" -m venv build/venv-linux
        BUILD_PY="$ROOT/build/venv-linux/bin/python"
        "$BUILD_PY" -m pip install --quiet --upgrade pip
        ok
        step "install gongwen's dependencies and PyInstaller"
        "$BUILD_PY" -m pip install --quiet . -r packaging/requirements-build.txt
        ok
    fi
    step "check the build environment ($BUILD_PY)"
    "$BUILD_PY" - <<'EOF'
import sys
from importlib.metadata import version
v = version("PySide6-Essentials")
print(f"    Python {sys.version.split()[0]}, PySide6-Essentials {v}, PyInstaller {version('pyinstaller')}")
if sys.version_info < (3, 12) and tuple(map(int, v.split(".")[:2])) >= (6, 12):
    sys.exit("PySide6 >= 6.12 aborts on Python 3.11 (design/tech-notes.md): pin it below 6.12")
EOF
    ok

    step "pyinstaller packaging/gongwen.spec"
    "$BUILD_PY" -m PyInstaller --noconfirm --clean --log-level WARN packaging/gongwen.spec
    [ -x "$BIN" ] || fail "no $BIN"
    ok "$(du -sh "$DIST" | cut -f1) in dist/gongwen"
fi

[ -x "$BIN" ] || fail "no bundle at $DIST (build it first)"

# The smoke runs use throw-away user folders, and afterwards nothing inside the bundle may
# have changed: the app writes only to platformdirs folders and files the user chooses.
SMOKE="$(mktemp -d)"
trap 'rm -rf "$SMOKE"' EXIT
export GONGWEN_CONFIG_DIR="$SMOKE/config" GONGWEN_DATA_DIR="$SMOKE/data" GONGWEN_CACHE_DIR="$SMOKE/cache"
export QT_QPA_PLATFORM=offscreen
touch "$SMOKE/marker"
sleep 1  # mtime granularity

step "smoke: gongwen --version"
out="$("$BIN" --version)" || fail "--version exited $?"
[[ "$out" == gongwen\ * ]] || fail "--version printed: $out"
ok "$out"

step "smoke: gongwen audit (text) on packaging/fixtures/sample.txt — expect exit 1"
set +e; "$BIN" audit "$FIXTURE" > "$SMOKE/audit.txt" 2> "$SMOKE/audit.err"; rc=$?; set -e
cat "$SMOKE/audit.err" >&2
! grep -q "Traceback" "$SMOKE/audit.err" || fail "audit crashed"
[ "$rc" = 1 ] || { cat "$SMOKE/audit.txt"; fail "audit exited $rc, expected 1 (the fixture has a placeholder X次)"; }
grep -q "占位符" "$SMOKE/audit.txt" || fail "no placeholder finding in the audit report"
ok

step "smoke: gongwen audit --format json"
set +e; "$BIN" audit --format json "$FIXTURE" > "$SMOKE/audit.json"; rc=$?; set -e
[ "$rc" = 1 ] || fail "audit --format json exited $rc, expected 1"
python3 - "$SMOKE/audit.json" <<'EOF' || fail "audit JSON does not parse or has no placeholder finding"
import json, sys
reports = json.load(open(sys.argv[1], encoding="utf-8"))
rules = [f["rule"] for f in reports[0]["findings"]]
assert any(r.startswith("placeholder") for r in rules), rules
print(f"    {len(rules)} findings: {', '.join(rules)}")
EOF
ok

step "smoke: gongwen export to .docx"
"$BIN" export "$FIXTURE" "$SMOKE/sample.docx" --force || fail "export exited $?"
python3 - "$SMOKE/sample.docx" <<'EOF' || fail "the exported .docx is not a Word document"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    xml = z.read("word/document.xml").decode("utf-8")
assert "意识形态" in xml, "title missing from word/document.xml"
EOF
ok "$(stat -c %s "$SMOKE/sample.docx") bytes"

step "smoke: gongwen --selftest (offscreen)"
timeout 120 "$BIN" --selftest || fail "--selftest exited $?"
ok

step "check: nothing was written inside the bundle"
changed="$(find "$DIST" -newer "$SMOKE/marker" | head -20)"
[ -z "$changed" ] || fail "files changed inside the bundle: $changed"
ok

echo
echo "==> bundle OK: $(du -sh "$DIST" | cut -f1) in $DIST, $((SECONDS - START)) s in all"
