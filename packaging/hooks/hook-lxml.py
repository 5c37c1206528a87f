# Replaces pyinstaller-hooks-contrib's hook for lxml, which collects every submodule:
# python-docx needs lxml.etree only, so leave out html, objectify and isoschematron.
from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("lxml.html", "lxml.objectify", "lxml.isoschematron")
hiddenimports = collect_submodules("lxml", filter=lambda name: not name.startswith(UNUSED))
