; Windows installer for the frozen one-folder bundle (packaging/pyinstaller/ugyfelkapu.spec).
; Per-machine install under Program Files, Start-menu and desktop shortcuts, an uninstaller
; registered in "Apps & features", version information from pyproject.toml.
;
;   makensis -DVERSION=0.1.0 -DVERSION_QUAD=0.1.0.0 -DPAYLOAD=dist\ugyfelkapu
;            [-DICON=ugyfelkapu.ico] [-DOUTFILE=ugyfelkapu-0.1.0-setup.exe] ugyfelkapu.nsi
;
; VERSION_QUAD is the four-number form Windows' version resource requires; the CI workflow
; derives both from pyproject.toml.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "define VERSION (from pyproject.toml), e.g. -DVERSION=0.1.0"
!endif
!ifndef VERSION_QUAD
  !error "define VERSION_QUAD, e.g. -DVERSION_QUAD=0.1.0.0"
!endif
!ifndef PAYLOAD
  !error "define PAYLOAD, the frozen bundle's folder (holding ugyfelkapu.exe)"
!endif
!ifndef OUTFILE
  !define OUTFILE "ugyfelkapu-${VERSION}-setup.exe"
!endif

!define APP_NAME "Ügyfélkapu-regisztráció"
!define APP_DIR "Ugyfelkapu"
!define PUBLISHER "Ügyfélkapu eID desktop team"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_DIR}"

!include "MUI2.nsh"
!include "x64.nsh"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_DIR}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
; Per-machine: every user of the PC (or kiosk) gets the app; that needs elevation.
RequestExecutionLevel admin
ShowInstDetails show

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\ugyfelkapu.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Hungarian first: the installer follows the Windows display language.
!insertmacro MUI_LANGUAGE "Hungarian"
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "EUPL-1.2"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "64-bit Windows is required. / 64 bites Windows szükséges."
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  ; An update replaces the whole bundle: stale files of an older version must not linger.
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\ugyfelkapu.exe"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\ugyfelkapu.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\ugyfelkapu.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\ugyfelkapu.exe"
  Delete "$INSTDIR\eid-card.exe"
  Delete "$INSTDIR\ugyfelkapu-admin.exe"
  Delete "$INSTDIR\uninstall.exe"
  ; Only removes the folder when nothing else (user files) is left in it.
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
