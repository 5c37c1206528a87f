# Build the Windows one-folder bundle dist\gongwen\ and, when Inno Setup 6 is installed,
# the per-user installer dist\installer\gongwen-<version>-setup.exe.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1 -Venv .venv -NoInstaller
#
# -Python      interpreter for a fresh venv in build\venv-windows (default: "py -3.11")
# -Venv        use this existing venv instead (it needs `pip install . -r packaging\requirements-build.txt`)
# -NoInstaller stop after the bundle
# Every step prints its name; the script stops with exit code 1 at the first failure.
param(
    [string]$Python = "py -3.11",
    [string]$Venv = "",
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Started = Get-Date

function Step([string]$Name) { Write-Host ""; Write-Host "==> $Name" -ForegroundColor Cyan }
function Ok([string]$Detail = "") { Write-Host "    ok $Detail" -ForegroundColor Green }
function Fail([string]$Message) { Write-Host "FAILED: $Message" -ForegroundColor Red; exit 1 }
# Native programs do not stop the script by themselves: check their exit codes.
function Check([string]$What, [int[]]$Expected = @(0)) {
    if ($Expected -notcontains $LASTEXITCODE) { Fail "$What exited $LASTEXITCODE (expected $($Expected -join ' or '))" }
}

try {
    if ($Venv) {
        $Py = Join-Path (Resolve-Path $Venv) "Scripts\python.exe"
    } else {
        Step "create a fresh venv (build\venv-windows) with $Python"
        if (Test-Path build\venv-windows) { Remove-Item -Recurse -Force build\venv-windows }
        $exe, $rest = $Python -split " ", 2
        if ($rest) { & $exe $rest -m venv build\venv-windows } else { & $exe -m venv build\venv-windows }
        Check "venv"
        $Py = Join-Path $Root "build\venv-windows\Scripts\python.exe"
        & $Py -m pip install --quiet --upgrade pip; Check "pip upgrade"
        Ok
        Step "install gongwen's dependencies and PyInstaller"
        & $Py -m pip install --quiet . -r packaging\requirements-build.txt; Check "pip install"
        Ok
    }

    Step "check the build environment ($Py)"
    & $Py -c @"
import sys
from importlib.metadata import version
v = version('PySide6-Essentials')
print(f'    Python {sys.version.split()[0]}, PySide6-Essentials {v}, PyInstaller {version("pyinstaller")}')
if sys.version_info < (3, 12) and tuple(map(int, v.split('.')[:2])) >= (6, 12):
    sys.exit('PySide6 >= 6.12 aborts on Python 3.11: pin it below 6.12')
"@
    Check "environment check"
    Ok

    Step "pyinstaller packaging\gongwen.spec"
    & $Py -m PyInstaller --noconfirm --clean --log-level WARN packaging\gongwen.spec; Check "pyinstaller"
    $Bin = Join-Path $Root "dist\gongwen\gongwen.exe"
    if (-not (Test-Path $Bin)) { Fail "no $Bin" }
    $Size = (Get-ChildItem -Recurse -File dist\gongwen | Measure-Object -Sum Length).Sum / 1MB
    Ok ("{0:N0} MB in dist\gongwen" -f $Size)

    # Smoke runs with throw-away user folders; offscreen so that no window shows.
    $Smoke = Join-Path ([IO.Path]::GetTempPath()) ("gongwen-smoke-" + [guid]::NewGuid())
    New-Item -ItemType Directory $Smoke | Out-Null
    $env:GONGWEN_CONFIG_DIR = "$Smoke\config"; $env:GONGWEN_DATA_DIR = "$Smoke\data"
    $env:GONGWEN_CACHE_DIR = "$Smoke\cache"; $env:QT_QPA_PLATFORM = "offscreen"
    $Fixture = Join-Path $Root "packaging\fixtures\sample.txt"

    Step "smoke: gongwen --version"
    $Version = (& $Bin --version); Check "--version"
    if ($Version -notmatch '^gongwen (\S+)$') { Fail "--version printed: $Version" }
    $AppVersion = $Matches[1]
    Ok $Version

    Step "smoke: gongwen audit on packaging\fixtures\sample.txt (expect exit 1, JSON with a placeholder)"
    # Python runs the binary: PowerShell 5 would re-encode its UTF-8 output on redirection.
    & $Py -c @"
import json, subprocess, sys
r = subprocess.run([sys.argv[1], 'audit', '--format', 'json', sys.argv[2]], capture_output=True)
assert r.returncode == 1, f'audit exited {r.returncode}: {r.stderr.decode(errors="replace")}'
rules = [f['rule'] for f in json.loads(r.stdout.decode('utf-8'))[0]['findings']]
assert any(rule.startswith('placeholder') for rule in rules), rules
print('    findings:', ', '.join(rules))
"@ $Bin $Fixture
    Check "audit"
    Ok

    Step "smoke: gongwen export to .docx"
    $ErrorActionPreference = "Continue"  # a usage error on stderr must not throw here
    & $Bin export -h > $null 2>&1
    $HasExport = $LASTEXITCODE -eq 0
    $ErrorActionPreference = "Stop"
    if ($HasExport) {
        & $Bin export $Fixture "$Smoke\sample.docx" --force; Check "export"
        if (-not (Test-Path "$Smoke\sample.docx")) { Fail "export wrote no file" }
        Ok
    } else {
        Write-Host "    SKIPPED: this build has no 'gongwen export'"
    }

    Step "smoke: gongwen --selftest (offscreen)"
    & $Bin --selftest; Check "--selftest"
    Ok
    Remove-Item -Recurse -Force $Smoke -ErrorAction SilentlyContinue

    if ($NoInstaller) { Write-Host "`n==> bundle OK (installer skipped)"; exit 0 }

    Step "Inno Setup: packaging\gongwen.iss"
    $Command = Get-Command iscc -ErrorAction SilentlyContinue
    $Iscc = if ($Command) { $Command.Source } else { $null }
    foreach ($Candidate in @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                             "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
        if (-not $Iscc -and (Test-Path $Candidate)) { $Iscc = $Candidate }
    }
    if (-not $Iscc) {
        Write-Host "    SKIPPED: Inno Setup 6 (ISCC.exe) not found; dist\gongwen can be zipped and copied as is"
    } else {
        $Languages = Join-Path (Split-Path $Iscc) "Languages\ChineseSimplified.isl"
        if (-not (Test-Path $Languages) -and -not (Test-Path packaging\ChineseSimplified.isl)) {
            Write-Host "    note: no ChineseSimplified.isl: the installer will speak English (see packaging\README.md)" -ForegroundColor Yellow
        }
        & $Iscc /Q "/DAppVersion=$AppVersion" packaging\gongwen.iss; Check "iscc"
        Ok (Get-ChildItem dist\installer\*.exe | Select-Object -First 1).FullName
    }
    Write-Host ("`n==> done in {0:N0} s" -f ((Get-Date) - $Started).TotalSeconds)
} catch {
    Fail $_
}
