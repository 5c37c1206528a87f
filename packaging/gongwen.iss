; Inno Setup 6.3+ script: a per-user installer for gongwen (公文审稿台), no admin rights.
; Build with packaging\build-windows.ps1, or by hand after PyInstaller:
;   iscc /DAppVersion=0.1.0 packaging\gongwen.iss   ->  dist\installer\gongwen-0.1.0-setup.exe
; Chinese wizard: ChineseSimplified.isl is a translation that older Inno Setup releases do
; not ship (it is among the unofficial ones); see packaging\README.md. Without it the
; installer is built in English (Default.isl).
; This file is UTF-8 with a BOM (Inno Setup needs the BOM to read the Chinese).

#define AppName "公文审稿台"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; Never change AppId: Windows recognises updates and the uninstaller by it.
AppId={{F1A1F21A-A784-414D-994A-72CB5EB4862C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=gongwen
VersionInfoVersion={#AppVersion}
; Per user: %LOCALAPPDATA%\Programs\gongwen ({autopf} is {userpf} without admin rights).
; An administrator can still install for all users with /ALLUSERS on the command line.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\gongwen
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir=..
OutputDir=dist\installer
OutputBaseFilename=gongwen-{#AppVersion}-setup
SetupIconFile=resources\icons\gongwen.ico
UninstallDisplayIcon={app}\gongwen.exe
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; the app may be running during an update
CloseApplications=yes

[Languages]
; ChineseSimplified.isl from Inno Setup's Languages folder, else one placed next to this
; script (packaging\ChineseSimplified.isl, not committed), else English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "{#AddBackslash(SourcePath)}ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found (see packaging\README.md): building an English installer"
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
SelfTest=公文审稿台 自检

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\gongwen\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an update replaces the whole bundle, so no stale library from an older version stays
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
; gongwenw.exe opens no console window; gongwen.exe is the command line (audit, export,
; --selftest). cmd /k ""a" x && "a" y": the outer quotes keep paths with spaces intact.
Name: "{group}\{#AppName}"; Filename: "{app}\gongwenw.exe"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k """"{app}\gongwen.exe"" --version && ""{app}\gongwen.exe"" --selftest"""; WorkingDir: "{userdocs}"; IconFilename: "{app}\gongwen.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\gongwenw.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\gongwenw.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only {app}. Settings, drafts, backups and the cache stay in the
; user's folder (%LOCALAPPDATA%\gongwen, from platformdirs) unless the user deletes it.
