"""A .docx package opened to write edits back into it.

``open_package`` runs the reader's safety checks (``check_package``: zip bombs, DTDs,
encryption…), finds the main document part through ``_rels/.rels`` (usually
word/document.xml), and parses it — and the numbering and styles parts, for Word's list
labels — with lxml directly: python-docx's parser drops whitespace-only text between
elements, which would change paragraphs nobody touched in a pretty-printed part.

``write_package`` writes a new zip: every entry except the main part is copied raw — its
compressed bytes and its ``ZipInfo`` (name, date, compression, attributes), in the
original order — so styles, numbering, headers/footers, comments, images, settings,
custom XML and docProps come out byte for byte. Only the main part is re-serialised,
behind its original XML declaration; lxml keeps the root's namespace declarations
(including unused ones that ``mc:Ignorable`` names) exactly as parsed.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..fileio.errors import FormatError
from .docx_container import SAVE_AS, check_package

PACKAGE_RELS = "_rels/.rels"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"
DEFAULT_MAIN = "word/document.xml"
_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>[ \t\r\n]*")
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_DATA_DESCRIPTOR_FLAG = 0x08
_ZIP64_EXTRA = 0x0001


def xml_parser() -> etree.XMLParser:
    # keep every text node as it is; entities and DTDs were refused by check_package
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=True, remove_blank_text=False)


@dataclass(slots=True)
class Package:
    path: Path
    data: bytes  # the whole file as read: parts are parsed and copied from this snapshot
    main_name: str  # the main document part's zip entry name
    main_bytes: bytes  # its bytes as stored
    tree: Any  # lxml ElementTree of the main part
    numbering: Any  # root of the numbering part, or None
    styles: Any  # root of the styles part, or None

    @property
    def body(self) -> Any:
        return self.tree.getroot().find("{http://schemas.openxmlformats.org/wordprocessingml/"
                                        "2006/main}body")


def open_package(path: Path, data: bytes) -> Package | None:
    """The package whose bytes (read from ``path``) are ``data``, parsed; None for an empty
    (0-byte) file; FormatError when refused."""
    if not data or not check_package(path):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            main = _main_name(archive, names)
            archive_bytes = archive.read(main)
            tree = etree.ElementTree(etree.fromstring(archive_bytes, xml_parser()))
            related = _related(archive, names, main)
            numbering = _part_root(archive, related.get("/numbering"))
            styles = _part_root(archive, related.get("/styles"))
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError):
        raise FormatError(path, "文件内容无法解析", SAVE_AS) from None
    except OSError as error:
        from ..fileio.errors import describe_os_error, read_advice

        raise FormatError(path, describe_os_error(error), read_advice(error)) from None
    return Package(path, data, main, archive_bytes, tree, numbering, styles)


def _main_name(archive: zipfile.ZipFile, names: set[str]) -> str:
    if PACKAGE_RELS in names:
        rels = etree.fromstring(archive.read(PACKAGE_RELS), xml_parser())
        for rel in rels:
            if str(rel.get("Type", "")).endswith(OFFICE_DOCUMENT):
                return posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
    return DEFAULT_MAIN


def _related(archive: zipfile.ZipFile, names: set[str], part: str) -> dict[str, str]:
    """Relationship type suffix (``/styles``) → zip entry name, for the part's internal rels."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in names:
        return {}
    found: dict[str, str] = {}
    for rel in etree.fromstring(archive.read(rels_name), xml_parser()):
        if rel.get("TargetMode") == "External":
            continue
        target = str(rel.get("Target", ""))
        target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        kind = "/" + str(rel.get("Type", "")).rsplit("/", 1)[-1]
        entry = posixpath.normpath(target)
        if entry in names:
            found.setdefault(kind, entry)
    return found


def _part_root(archive: zipfile.ZipFile, name: str | None) -> Any:
    if name is None:
        return None
    return etree.fromstring(archive.read(name), xml_parser())


def serialize_main(package: Package) -> bytes:
    """The main part's XML as it now stands, behind the declaration it was stored with."""
    tree = package.tree
    encoding = (tree.docinfo.encoding or "UTF-8").upper().replace("_", "-")
    declaration = _DECLARATION.match(package.main_bytes)
    if encoding not in ("UTF-8", "UTF8") or declaration is None:
        return etree.tostring(tree, encoding=tree.docinfo.encoding or "UTF-8",
                              xml_declaration=True, standalone=tree.docinfo.standalone)
    return declaration.group(0) + etree.tostring(tree, encoding="UTF-8", xml_declaration=False)


def write_package(source: bytes, dest: Path, main_name: str, main_bytes: bytes | None) -> None:
    """Copy the package ``source`` to ``dest`` entry by entry, the main part replaced by
    ``main_bytes`` (None: copied like the rest). Raises OSError / zipfile.BadZipFile."""
    raw = io.BytesIO(source)
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(dest, "w") as out:
        for info in archive.infolist():
            if info.filename == main_name and main_bytes is not None:
                _write_entry(out, info, main_bytes)
            else:
                _copy_raw(raw, info, out)
    with zipfile.ZipFile(dest) as check:  # never hand over a broken package
        bad = check.testzip()
        if bad is not None:
            raise zipfile.BadZipFile(f"CRC error in {bad}")


def _write_entry(out: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    fresh = zipfile.ZipInfo(info.filename, info.date_time)
    fresh.compress_type = info.compress_type
    fresh.external_attr = info.external_attr
    fresh.create_system = info.create_system
    fresh.comment = info.comment
    out.writestr(fresh, data)


def _copy_raw(raw: Any, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
    """The entry's compressed bytes, unchanged, under a local header rebuilt from its
    ZipInfo (sizes in the header, so no data descriptor)."""
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    raw.seek(info.header_offset + _LOCAL_HEADER.size + fields[-2] + fields[-1])
    data = raw.read(info.compress_size)
    if len(data) != info.compress_size:
        raise zipfile.BadZipFile(f"truncated entry {info.filename}")
    twin = copy.copy(info)
    twin.flag_bits &= ~_DATA_DESCRIPTOR_FLAG
    twin.extra = _without_zip64(info.extra)
    twin.header_offset = out.fp.tell()
    out.fp.write(twin.FileHeader())
    out.fp.write(data)
    out.filelist.append(twin)
    out.NameToInfo[twin.filename] = twin
    out.start_dir = out.fp.tell()  # where the next entry (or the central directory) goes


def _without_zip64(extra: bytes) -> bytes:
    """Drop the zip64 extra record: FileHeader adds a fresh one when sizes need it."""
    kept, at = b"", 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[at:at + 4])
        if kind != _ZIP64_EXTRA:
            kept += extra[at:at + 4 + size]
        at += 4 + size
    return kept
