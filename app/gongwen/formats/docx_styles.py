"""Effective formatting of a .docx, resolved as Word does it, from the XML (lxml).

Never from direct formatting alone: for each attribute the nearest level that says
anything wins, in whichever form it uses. Levels, far to near (ECMA-376 17.7.2):

- runs: docDefaults ``w:rPrDefault`` → table style chain (paragraphs in a table) →
  paragraph style chain (``w:pStyle``, else the style with ``w:default="1"``; Chinese Word
  calls Normal ``a``) → character style chain (``w:rStyle``) → the run's ``w:rPr``;
- paragraphs: docDefaults ``w:pPrDefault`` → table style → numbering level ``w:lvl/w:pPr``
  when the list comes from the style → paragraph style chain → numbering level when
  ``w:numPr`` is on the paragraph itself (Word lets a direct list's indents beat the
  style's) → the paragraph's ``w:pPr``;
- Word's automatic number (一、): the paragraph's run properties without a character
  style, then the paragraph mark's ``w:pPr/w:rPr``, then ``w:lvl/w:rPr``.

Details that decide real files: ``w:eastAsiaTheme`` beats ``w:eastAsia`` on one element
(17.3.2.26); theme fonts resolve through theme1.xml, the East Asian one by the
``<a:font script="Hans">`` entry that ``w:themeFontLang/@w:eastAsia`` selects, then
``<a:ea>`` (Word's default theme leaves ``<a:ea>`` empty and names 等线 under Hans);
``w:sz`` is in half-points and is the size of Chinese text (``w:szCs`` is for complex
scripts); ``w:b`` is a toggle (17.7.3: each style type's value flips the one below it,
direct formatting is absolute); ``w:firstLineChars`` from any level beats ``w:firstLine``,
and ``firstLineChars="0"`` cancels an inherited indent;
``w:line`` is 240ths of a line for ``lineRule="auto"`` and twentieths of a point otherwise.
Sections give the page, margins, ``w:docGrid`` (``w:charSpace`` is 1/4096 pt relative to
the default paragraph style's size) and the footers, inherited from the previous section
when a reference is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
SLOTS = (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme"), ("eastAsia", "eastAsiaTheme"),
         ("cs", "cstheme"))
FALSE = ("0", "false", "off", "none")
TWIPS_PER_PT = 20
DEFAULT_HALF_POINTS = 20  # ECMA-376: 10 pt when nothing says otherwise
# w:themeFontLang/@w:eastAsia → the <a:font script> entry Word reads
SCRIPTS = {"zh-cn": "Hans", "zh-sg": "Hans", "zh-hans": "Hans", "zh": "Hans",
           "zh-tw": "Hant", "zh-hk": "Hant", "zh-mo": "Hant", "zh-hant": "Hant",
           "ja-jp": "Jpan", "ja": "Jpan", "ko-kr": "Hang", "ko": "Hang"}
ALIGN = {"start": "left", "end": "right", "left": "left", "right": "right", "center": "center",
         "both": "both", "distribute": "distribute", "mediumKashida": "both",
         "highKashida": "both", "lowKashida": "both", "thaiDistribute": "distribute"}
_VAL, _HINT = W + "val", W + "hint"
_SLOT_ATTRS = tuple((slot, W + slot, W + theme) for slot, theme in SLOTS)
_RFONTS, _RSTYLE = W + "rFonts", W + "rStyle"
_RUN_TOGGLES = {W + "b": "b", W + "vanish": "vanish"}
_RUN_NUMBERS = {W + "sz": "sz", W + "spacing": "spacing", W + "w": "w"}
_JC, _IND, _SPACING, _SNAP = W + "jc", W + "ind", W + "spacing", W + "snapToGrid"
_OUTLINE, _FRAME, _NUMPR, _PSTYLE = W + "outlineLvl", W + "framePr", W + "numPr", W + "pStyle"
_NUMID, _ILVL, _PPR, _RPR = W + "numId", W + "ilvl", W + "pPr", W + "rPr"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def on(element: Any) -> bool | None:
    """An on/off property: None when absent, True for ``<w:b/>``, False for ``w:val="0"``."""
    if element is None:
        return None
    return element.get(W + "val", "true").lower() not in FALSE


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def parse_xml(blob: bytes | None) -> Any:
    """A part's bytes → its root element (None for none or unparsable bytes)."""
    if not blob:
        return None
    try:
        return etree.fromstring(blob, _SAFE)
    except etree.XMLSyntaxError:
        return None


# ---------------------------------------------------------------- one level of properties


def first_child(element: Any, tag: str) -> Any:
    """``element.find(tag)`` for a child the schema puts first (w:pPr of a w:p, w:rPr of a
    w:r): lxml's find costs microseconds a call, which a 5,000-paragraph file feels."""
    if element is None or not len(element):
        return None
    child = element[0]
    return child if child.tag == tag else element.find(tag)


def run_props(rpr: Any) -> dict[str, Any]:
    """What one ``w:rPr`` says, attribute by attribute (font slots as (form, value))."""
    out: dict[str, Any] = {}
    if rpr is None:
        return out
    for child in rpr:
        tag = child.tag
        if tag == _RFONTS:
            for slot, name_attr, theme_attr in _SLOT_ATTRS:
                theme, name = child.get(theme_attr), child.get(name_attr)
                if theme:  # on one element the theme attribute wins (17.3.2.26)
                    out[slot] = ("theme", theme)
                elif name:
                    out[slot] = ("name", name)
            if child.get(_HINT):
                out["hint"] = child.get(_HINT)
        elif tag in _RUN_TOGGLES:
            out[_RUN_TOGGLES[tag]] = child.get(_VAL, "true").lower() not in FALSE
        elif tag in _RUN_NUMBERS:
            number = _int(child.get(_VAL))
            if number is not None:
                out[_RUN_NUMBERS[tag]] = number
        elif tag == _RSTYLE and child.get(_VAL):
            out["rStyle"] = child.get(_VAL)
    return out


def paragraph_props(ppr: Any) -> dict[str, Any]:
    """What one ``w:pPr`` says. Indents come in pairs: a level giving ``firstLine`` or
    ``hanging`` replaces both (they exclude each other; hanging wins on one element), and
    the same for the character-unit pair, which is kept apart: once any level gives
    ``firstLineChars`` it beats ``firstLine`` from every level — ``firstLineChars="0"`` is
    how a style cancels an inherited two-character indent (``leftChars`` likewise)."""
    out: dict[str, Any] = {}
    if ppr is None:
        return out
    for child in ppr:
        tag = child.tag
        if tag == _JC:
            if child.get(_VAL):
                out["jc"] = child.get(_VAL)
        elif tag == _IND:
            _indent_props(child, out)
        elif tag == _SPACING:
            line = _int(child.get(W + "line"))
            if line is not None:
                out["line"] = (line, child.get(W + "lineRule") or "auto")
        elif tag == _SNAP:
            out["snapToGrid"] = child.get(_VAL, "true").lower() not in FALSE
        elif tag == _OUTLINE:
            if _int(child.get(_VAL)) is not None:
                out["outlineLvl"] = _int(child.get(_VAL))
        elif tag == _FRAME:
            out["frameX"] = child.get(W + "xAlign") or ""
        elif tag == _NUMPR:
            for part in child:
                if part.tag in (_NUMID, _ILVL) and part.get(_VAL) is not None:
                    out[part.tag[len(W):]] = part.get(_VAL)
        elif tag == _PSTYLE and child.get(_VAL):
            out["pStyle"] = child.get(_VAL)
    return out


def _indent_props(ind: Any, out: dict[str, Any]) -> None:
    def get(*names: str) -> int | None:
        for name in names:
            value = _int(ind.get(W + name))
            if value is not None:
                return value
        return None

    hanging, first = get("hanging"), get("firstLine")
    if hanging is not None or first is not None:
        out["first"] = -hanging if hanging is not None else first
    hanging_chars, first_chars = get("hangingChars"), get("firstLineChars")
    if hanging_chars is not None or first_chars is not None:
        out["firstChars"] = -hanging_chars if hanging_chars is not None else first_chars
    for key, names in (("left", ("start", "left")), ("right", ("end", "right")),
                       ("leftChars", ("startChars", "leftChars")),
                       ("rightChars", ("endChars", "rightChars"))):
        value = get(*names)
        if value is not None:
            out[key] = value


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class RunFormat:
    """The effective character formatting of a run."""

    east_asia: str | None  # the font of Chinese characters (None: nothing names one)
    ascii: str | None  # the font of ASCII characters (digits of a page number…)
    hint_east_asia: bool  # “” — … take the East Asian font (w:hint="eastAsia")
    size_pt: float
    bold: bool
    spacing_pt: float = 0.0  # w:spacing: negative condenses
    scale: int = 100  # w:w, per cent of the normal width
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class ParagraphFormat:
    """The effective paragraph formatting."""

    style_id: str
    style_name: str
    align: str  # left / center / right / both / distribute
    first_line_chars: float | None  # in character units (w:firstLineChars), when given
    first_line_pt: float  # the twips form, used when no level gives characters; < 0 hangs
    left_pt: float
    right_pt: float
    line_rule: str  # auto / exact / atLeast
    line: float  # auto: multiple of single spacing; exact/atLeast: points
    snap_to_grid: bool
    left_chars: float | None = None  # w:leftChars (w:startChars), when given
    outline_level: int | None = None
    frame_x: str = ""  # w:framePr/@w:xAlign (a framed page number's side)
    num_id: str = ""
    ilvl: int = 0


@dataclass(frozen=True, slots=True)
class SectionFormat:
    width_pt: float
    height_pt: float
    top_pt: float
    bottom_pt: float
    left_pt: float
    right_pt: float
    gutter_pt: float
    grid_type: str  # default (no grid) / lines / linesAndChars / snapToChars
    line_pitch_pt: float | None
    char_space: int  # w:charSpace, 1/4096 pt relative to the default paragraph style's size
    title_page: bool  # w:titlePg: the first page has its own header and footer
    page_number_format: str  # w:pgNumType/@w:fmt ("" when absent)
    footers: dict[str, Any] = field(default_factory=dict)  # default/even/first → w:ftr root


@dataclass(frozen=True, slots=True)
class PageNumberFormat:
    """The page number one footer shows on one kind of page."""

    found: bool  # a PAGE field is there
    text: str = ""  # as shown, the number written N: "— N —", "- N -", "第N页"
    align: str = ""  # where it sits on that page: left / center / right
    size_pt: float | None = None
    font: str | None = None  # the digits' font (the ASCII slot)
    number_format: str = "decimal"  # decimal, decimalFullWidth, chineseCounting…


# ---------------------------------------------------------------- the resolver


class StyleResolver:
    """Effective formatting for the paragraphs and runs of one package."""

    def __init__(self, styles: Any = None, numbering: Any = None, theme: Any = None,
                 settings: Any = None):
        self._styles: dict[tuple[str, str], Any] = {}
        self._defaults: dict[str, str] = {}
        if styles is not None:
            for style in styles.findall(W + "style"):
                key = (style.get(W + "type", "paragraph"), style.get(W + "styleId", ""))
                self._styles.setdefault(key, style)
                if on_default(style) and key[0] not in self._defaults:
                    self._defaults[key[0]] = key[1]
        defaults = styles.find(W + "docDefaults") if styles is not None else None
        self._default_r = run_props(_find(defaults, "rPrDefault", "rPr"))
        self._default_p = paragraph_props(_find(defaults, "pPrDefault", "pPr"))
        self._levels = _numbering_levels(numbering)
        self._theme = _theme_fonts(theme)
        self.settings = settings
        lang = _find(settings, "themeFontLang")
        east = (lang.get(W + "eastAsia") or "") if lang is not None else ""
        bidi = (lang.get(W + "bidi") or "") if lang is not None else ""
        self._east_script = SCRIPTS.get(east.lower(), "Hans" if not east else "")
        self._bidi_script = "Arab" if bidi.lower().startswith("ar") else ""
        self._chains: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._runs: dict[tuple, RunFormat] = {}
        self._direct_p: dict[Any, dict[str, Any]] = {}
        self._formats: dict[Any, ParagraphFormat] = {}  # by element
        self._alike: dict[tuple, ParagraphFormat] = {}  # by (table style, direct pPr)
        self._names: dict[tuple[str, str], str] = {}

    # ------------------------------------------------------------ construction

    @classmethod
    def from_word(cls, word: Any) -> StyleResolver:
        """From a python-docx Document: its styles, numbering, theme and settings parts."""
        part = word.part
        roots = {}
        for rel in part.rels.values():
            if rel.is_external:
                continue
            kind = rel.reltype.rsplit("/", 1)[-1]
            if kind in ("styles", "numbering", "theme", "settings") and kind not in roots:
                target = rel.target_part
                element = getattr(target, "element", None)
                roots[kind] = element if element is not None else parse_xml(target.blob)
        return cls(roots.get("styles"), roots.get("numbering"), roots.get("theme"),
                   roots.get("settings"))

    # ------------------------------------------------------------ styles

    @property
    def default_paragraph_style(self) -> str:
        return self._defaults.get("paragraph", "")

    def style_name(self, style_id: str, kind: str = "paragraph") -> str:
        key = (kind, style_id)
        if key not in self._names:
            name = _find(self._styles.get(key), "name")
            self._names[key] = (name.get(_VAL) or style_id) if name is not None else style_id
        return self._names[key]

    def _chain(self, kind: str, style_id: str, what: str) -> dict[str, Any]:
        """A style's properties with its basedOn chain merged (nearest wins)."""
        key = (kind, style_id, what)
        cached = self._chains.get(key)
        if cached is not None:
            return cached
        chain, seen = [], set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get((kind, style_id))
            if style is None:
                break
            chain.append(style)
            based = _find(style, "basedOn")
            style_id = based.get(W + "val", "") if based is not None else ""
        merged: dict[str, Any] = {}
        for style in reversed(chain):
            props = (run_props(_find(style, "rPr")) if what == "r"
                     else paragraph_props(_find(style, "pPr")))
            merged.update(props)
        merged.pop("pStyle", None)
        merged.pop("rStyle", None)
        self._chains[key] = merged
        return merged

    def _paragraph_style(self, p_props: dict[str, Any]) -> str:
        style_id = p_props.get("pStyle", "")
        if style_id and ("paragraph", style_id) in self._styles:
            return style_id
        return self.default_paragraph_style

    def _table_style(self, paragraph: Any) -> str:
        table = _ancestor(paragraph, W + "tbl")
        if table is None:
            return ""
        style = _find(table, "tblPr", "tblStyle")
        style_id = style.get(W + "val", "") if style is not None else ""
        return style_id if ("table", style_id) in self._styles else self._defaults.get("table", "")

    # ------------------------------------------------------------ paragraphs

    def _direct(self, paragraph: Any) -> dict[str, Any]:
        """The paragraph's own w:pPr, read once (the element is the key: a live proxy)."""
        props = self._direct_p.get(paragraph)
        if props is None:
            props = self._direct_p[paragraph] = paragraph_props(first_child(paragraph, _PPR))
        return props

    def paragraph_levels(self, paragraph: Any) -> list[dict[str, Any]]:
        """The pPr levels of a paragraph, far to near."""
        direct = self._direct(paragraph)
        style_id = self._paragraph_style(direct)
        style = self._chain("paragraph", style_id, "p")
        levels = [self._default_p]
        table = self._table_style(paragraph)
        if table:
            levels.append(self._chain("table", table, "p"))
        direct_list = "numId" in direct
        num_id = direct.get("numId", style.get("numId", ""))
        ilvl = _int(direct.get("ilvl", style.get("ilvl"))) or 0
        level = self._levels.get((num_id, ilvl)) if num_id and num_id != "0" else None
        lvl_p = paragraph_props(_find(level, "pPr")) if level is not None else {}
        if not direct_list:
            levels.append(lvl_p)
        levels.append(style)
        if direct_list:
            levels.append(lvl_p)
        levels.append(direct)
        return levels

    def paragraph(self, paragraph: Any) -> ParagraphFormat:
        """The effective formatting of ``paragraph`` (a w:p), worked out once."""
        fmt = self._formats.get(paragraph)
        if fmt is None:
            fmt = self._formats[paragraph] = self._paragraph(paragraph)
        return fmt

    def _paragraph(self, paragraph: Any) -> ParagraphFormat:
        key = (self._table_style(paragraph), tuple(sorted(self._direct(paragraph).items())))
        fmt = self._alike.get(key)
        if fmt is None:
            fmt = self._alike[key] = self._merge_paragraph(paragraph)
        return fmt

    def _merge_paragraph(self, paragraph: Any) -> ParagraphFormat:
        merged: dict[str, Any] = {}
        for level in self.paragraph_levels(paragraph):
            merged.update(level)
        style_id = self._paragraph_style(self._direct(paragraph))
        chars = merged.get("firstChars")
        line, rule = merged.get("line", (240, "auto"))
        return ParagraphFormat(
            style_id=style_id, style_name=self.style_name(style_id),
            align=ALIGN.get(merged.get("jc", "left"), "left"),
            first_line_chars=chars / 100 if chars is not None else None,
            first_line_pt=merged.get("first", 0) / TWIPS_PER_PT,
            left_pt=merged.get("left", 0) / TWIPS_PER_PT,
            right_pt=merged.get("right", 0) / TWIPS_PER_PT,
            left_chars=merged["leftChars"] / 100 if "leftChars" in merged else None,
            line_rule=rule if rule in ("exact", "atLeast") else "auto",
            line=line / 240 if rule not in ("exact", "atLeast") else line / TWIPS_PER_PT,
            snap_to_grid=merged.get("snapToGrid", True),
            outline_level=merged.get("outlineLvl"), frame_x=merged.get("frameX", ""),
            num_id=str(merged.get("numId", "")), ilvl=_int(merged.get("ilvl")) or 0)

    # ------------------------------------------------------------ runs

    def _run_levels(self, table: str, paragraph_style: str,
                    char_style: str) -> list[tuple[str, dict[str, Any]]]:
        levels: list[tuple[str, dict[str, Any]]] = [("defaults", self._default_r)]
        if table:
            levels.append(("table", self._chain("table", table, "r")))
        levels.append(("pstyle", self._chain("paragraph", paragraph_style, "r")))
        if char_style and ("character", char_style) in self._styles:
            levels.append(("cstyle", self._chain("character", char_style, "r")))
        return levels

    def run(self, run: Any, paragraph: Any) -> RunFormat:
        """The effective formatting of ``run`` (a w:r) inside ``paragraph`` (its w:p)."""
        direct = run_props(first_child(run, _RPR))
        return self._format(paragraph, direct.get("rStyle", ""), [("direct", direct)])

    def mark(self, paragraph: Any) -> RunFormat:
        """The paragraph mark's formatting (an empty paragraph shows this)."""
        mark = run_props(_find(paragraph, "pPr", "rPr"))
        return self._format(paragraph, mark.get("rStyle", ""), [("direct", mark)])

    def label(self, paragraph: Any) -> RunFormat | None:
        """The formatting of Word's automatic number, or None when there is none."""
        fmt = self.paragraph(paragraph)
        level = self._levels.get((fmt.num_id, fmt.ilvl)) if fmt.num_id not in ("", "0") else None
        if level is None:
            return None
        mark = run_props(_find(paragraph, "pPr", "rPr"))
        lvl = run_props(_find(level, "rPr"))
        return self._format(paragraph, "", [("direct", mark), ("direct", lvl)])

    def _format(self, paragraph: Any, char_style: str,
                nearest: list[tuple[str, dict[str, Any]]]) -> RunFormat:
        """Runs with the same table style, paragraph style, character style and direct
        properties share one result (most of a report's runs are alike)."""
        table = self._table_style(paragraph)
        style = self._paragraph_style(self._direct(paragraph))
        key = (table, style, char_style,
               tuple((tag, tuple(sorted(props.items()))) for tag, props in nearest))
        cached = self._runs.get(key)
        if cached is None:
            levels = self._run_levels(table, style, char_style) + nearest
            cached = self._runs[key] = self._merge_run(levels)
        return cached

    def _merge_run(self, levels: list[tuple[str, dict[str, Any]]]) -> RunFormat:
        merged: dict[str, Any] = {}
        bold = False
        for tag, props in levels:
            merged.update(props)
            if "b" in props:
                # a toggle: a style type's "on" flips the state below it, direct sets it
                bold = props["b"] if tag in ("defaults", "direct") else bold ^ props["b"]
        return RunFormat(
            east_asia=self.font(merged.get("eastAsia")), ascii=self.font(merged.get("ascii")),
            hint_east_asia=merged.get("hint") == "eastAsia",
            size_pt=merged.get("sz", DEFAULT_HALF_POINTS) / 2, bold=bold,
            spacing_pt=merged.get("spacing", 0) / TWIPS_PER_PT, scale=merged.get("w", 100),
            hidden=bool(merged.get("vanish", False)))

    # ------------------------------------------------------------ theme fonts

    def font(self, slot: tuple[str, str] | None) -> str | None:
        """A font slot's name; theme references resolved through theme1.xml."""
        if slot is None:
            return None
        form, value = slot
        if form == "name":
            return value
        major = "major" if value.startswith("major") else "minor"
        fonts = self._theme.get(major, {})
        if value.endswith("EastAsia"):
            name = fonts.get(self._east_script, "") or fonts.get("ea", "")
        elif value.endswith("Bidi"):
            name = fonts.get(self._bidi_script, "") or fonts.get("cs", "")
        else:
            name = fonts.get("latin", "")
        return name or None

    # ------------------------------------------------------------ sections and footers

    def normal_size_pt(self) -> float:
        """The default paragraph style's font size: the unit of ``w:charSpace``."""
        merged = dict(self._default_r)
        merged.update(self._chain("paragraph", self.default_paragraph_style, "r"))
        return merged.get("sz", DEFAULT_HALF_POINTS) / 2

    @property
    def even_and_odd(self) -> bool:
        """settings.xml ``w:evenAndOddHeaders``: even pages have their own footer."""
        return bool(on(_find(self.settings, "evenAndOddHeaders")))

    def page_number(self, footer: Any, page_format: str, parity: str) -> PageNumberFormat:
        """The page number ``footer`` (a w:ftr root) shows on odd or even pages."""
        if footer is None:
            return PageNumberFormat(False)
        for paragraph in _footer_paragraphs(footer):
            found = _page_field(paragraph)
            if found is None:
                continue
            before, after, number_run, instruction = found
            return self._page_number(paragraph, before, after, number_run, instruction,
                                     page_format, parity)
        return PageNumberFormat(False)

    def _page_number(self, paragraph: Any, before: str, after: str, number_run: Any,
                     instruction: str, page_format: str, parity: str) -> PageNumberFormat:
        fmt = page_format or "decimal"
        number = "N"
        if fmt == "numberInDash" or "arabicdash" in instruction.lower().replace(" ", ""):
            number, fmt = "- N -", "decimal"
        run = self.run(number_run, paragraph) if number_run is not None else self.mark(paragraph)
        return PageNumberFormat(True, before + number + after,
                                self._footer_side(paragraph, parity, before), run.size_pt, run.ascii,
                                fmt)

    def _footer_side(self, paragraph: Any, parity: str, before: str = "") -> str:
        """Where the paragraph's number sits: a text box's or frame's alignment, else the
        tab stop the tabs typed before it reach (the footer style's centre and right
        stops), else jc."""
        side = _anchor_side(paragraph) or self.paragraph(paragraph).frame_x
        if side in ("inside", "outside"):  # relative to the binding: odd pages bind left
            side = {("inside", "odd"): "left", ("outside", "odd"): "right",
                    ("inside", "even"): "right", ("outside", "even"): "left"}[(side, parity)]
        if side in ("left", "right", "center"):
            return side
        align = self.paragraph(paragraph).align
        tabs = before.count("\t")
        if tabs and align in ("left", "both", "distribute"):
            stops = self.tab_stops(paragraph)
            if len(stops) >= tabs:
                return ALIGN.get(stops[tabs - 1][1], "left")
        return "left" if align in ("both", "distribute") else align

    def tab_stops(self, paragraph: Any) -> list[tuple[int, str]]:
        """(position, alignment) of the paragraph's tab stops, the style chain's merged
        with its own (a ``clear`` tab removes an inherited one), left to right."""
        direct = self._direct(paragraph)
        chain: list[Any] = []
        style_id, seen = self._paragraph_style(direct), set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(("paragraph", style_id))
            if style is None:
                break
            chain.append(_find(style, "pPr", "tabs"))
            based = _find(style, "basedOn")
            style_id = based.get(_VAL, "") if based is not None else ""
        stops: dict[int, str] = {}
        for tabs in [*reversed(chain), _find(first_child(paragraph, _PPR), "tabs")]:
            for tab in tabs if tabs is not None else ():
                position = _int(tab.get(W + "pos"))
                if position is None:
                    continue
                if tab.get(_VAL) == "clear":
                    stops.pop(position, None)
                else:
                    stops[position] = tab.get(_VAL, "left")
        return sorted(stops.items())


def on_default(style: Any) -> bool:
    return style.get(W + "default", "0").lower() in ("1", "true", "on")


def _find(element: Any, *path: str) -> Any:
    for tag in path:
        if element is None:
            return None
        element = element.find(W + tag)
    return element


def _ancestor(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _numbering_levels(root: Any) -> dict[tuple[str, int], Any]:
    """(numId, ilvl) → the w:lvl element Word uses (a w:lvlOverride/w:lvl first)."""
    if root is None:
        return {}
    abstracts = {a.get(W + "abstractNumId"): a for a in root.findall(W + "abstractNum")}
    levels: dict[tuple[str, int], Any] = {}
    for num in root.findall(W + "num"):
        num_id = num.get(W + "numId", "")
        ref = _find(num, "abstractNumId")
        abstract = abstracts.get(ref.get(W + "val") if ref is not None else None)
        for lvl in abstract.findall(W + "lvl") if abstract is not None else ():
            levels[(num_id, _int(lvl.get(W + "ilvl")) or 0)] = lvl
        for override in num.findall(W + "lvlOverride"):
            lvl = override.find(W + "lvl")
            if lvl is not None:
                levels[(num_id, _int(override.get(W + "ilvl")) or 0)] = lvl
    return levels


def _theme_fonts(theme: Any) -> dict[str, dict[str, str]]:
    """{"major"|"minor": {"latin", "ea", "cs", <script>…: typeface}} from theme1.xml."""
    out: dict[str, dict[str, str]] = {}
    if theme is None:
        return out
    for kind in ("major", "minor"):
        scheme = next(theme.iter(f"{A}{kind}Font"), None)
        if scheme is None:
            continue
        fonts: dict[str, str] = {}
        for tag in ("latin", "ea", "cs"):
            element = scheme.find(A + tag)
            if element is not None:
                fonts[tag] = element.get("typeface", "")
        for element in scheme.findall(A + "font"):
            fonts[element.get("script", "")] = element.get("typeface", "")
        out[kind] = fonts
    return out


# ---------------------------------------------------------------- sections


def sections(body: Any, footer_part: Any) -> list[tuple[Any, SectionFormat]]:
    """(w:sectPr, its formatting) for each section of ``body`` (a w:body), in order.

    ``footer_part(rId)`` returns the w:ftr root of a relationship id (or None). A missing
    footer reference inherits the previous section's (as Word does)."""
    found = []
    footers: dict[str, Any] = {}
    for sect in _section_elements(body):
        for ref in sect.findall(W + "footerReference"):
            root = footer_part(ref.get(R + "id", ""))
            if root is not None:
                footers[ref.get(W + "type", "default")] = root
        found.append((sect, section_format(sect, dict(footers))))
    return found


def _section_elements(body: Any) -> list[Any]:
    out = [p.find(f"{W}pPr/{W}sectPr") for p in body.iter(W + "p")
           if _ancestor(p, W + "txbxContent") is None]
    out = [s for s in out if s is not None]
    final = body.find(W + "sectPr")
    return [*out, final] if final is not None else out


def section_format(sect: Any, footers: dict[str, Any]) -> SectionFormat:
    size, margins, grid = _find(sect, "pgSz"), _find(sect, "pgMar"), _find(sect, "docGrid")

    def twips(element: Any, attr: str, default: int) -> float:
        value = _int(element.get(W + attr)) if element is not None else None
        return (default if value is None else value) / TWIPS_PER_PT

    pitch = _int(grid.get(W + "linePitch")) if grid is not None else None
    numbers = _find(sect, "pgNumType")
    return SectionFormat(
        width_pt=twips(size, "w", 12240), height_pt=twips(size, "h", 15840),
        top_pt=abs(twips(margins, "top", 1440)), bottom_pt=abs(twips(margins, "bottom", 1440)),
        left_pt=twips(margins, "left", 1800), right_pt=twips(margins, "right", 1800),
        gutter_pt=twips(margins, "gutter", 0),
        grid_type=(grid.get(W + "type") if grid is not None else None) or "default",
        line_pitch_pt=pitch / TWIPS_PER_PT if pitch else None,
        char_space=_int(grid.get(W + "charSpace")) or 0 if grid is not None else 0,
        title_page=bool(on(_find(sect, "titlePg"))),
        page_number_format=(numbers.get(W + "fmt") or "") if numbers is not None else "",
        footers=footers)


# ---------------------------------------------------------------- footers


def _footer_paragraphs(footer: Any) -> list[Any]:
    """Every paragraph of a footer, text boxes included (not their mc:Fallback copy)."""
    return [p for p in footer.iter(W + "p") if _ancestor(p, MC + "Fallback") is None]


def _anchor_side(paragraph: Any) -> str:
    """The horizontal alignment of the text box a footer paragraph sits in ("" if none)."""
    box = _ancestor(paragraph, W + "txbxContent")
    if box is None:
        return ""
    anchor = _ancestor(box, WP + "anchor")
    align = anchor.find(f"{WP}positionH/{WP}align") if anchor is not None else None
    return (align.text or "").strip() if align is not None else ""


def _page_field(paragraph: Any) -> tuple[str, str, Any, str] | None:
    """(text before, text after, the run showing the number, instruction) of the first
    PAGE field in a paragraph, or None. Complex fields (w:fldChar) and w:fldSimple."""
    before: list[str] = []
    after: list[str] = []
    state = {"stack": [], "page": None, "done": False, "run": None}
    _walk_field(paragraph, before, after, state)
    if state["page"] is None:
        return None
    return "".join(before), "".join(after), state["run"], state["page"]


def _walk_field(element: Any, before: list[str], after: list[str], state: dict) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in (W + "pPr", W + "rPr", W + "del", MC + "Fallback",
                                               W + "txbxContent"):
            continue
        if tag == W + "fldSimple":
            instruction = child.get(W + "instr", "")
            if _is_page(instruction) and state["page"] is None and not state["stack"]:
                state["page"], state["done"] = instruction, True
                state["run"] = child.find(W + "r")
                continue
        if tag == W + "r":
            _field_run(child, before, after, state)
        else:
            _walk_field(child, before, after, state)


def _field_run(run: Any, before: list[str], after: list[str], state: dict) -> None:
    stack = state["stack"]
    for child in run:
        tag = child.tag
        if tag == W + "fldChar":
            kind = child.get(W + "fldCharType")
            if kind == "begin":
                stack.append({"instr": "", "result": False, "run": run})
            elif kind == "separate" and stack:
                stack[-1]["result"] = True
            elif kind == "end" and stack:
                field_ = stack.pop()
                if _is_page(field_["instr"]) and state["page"] is None:
                    state["page"], state["done"] = field_["instr"], True
                    state["run"] = state["run"] if state["run"] is not None else field_["run"]
        elif tag == W + "instrText" and stack:
            stack[-1]["instr"] += child.text or ""
        elif tag in (W + "t", W + "tab"):
            text = (child.text or "") if tag == W + "t" else "\t"
            _field_text(text, run, before, after, state)


def _field_text(text: str, run: Any, before: list[str], after: list[str], state: dict) -> None:
    stack = state["stack"]
    inside_page = any(_is_page(f["instr"]) for f in stack)
    if inside_page:
        if state["page"] is None and text.strip():
            state["run"] = run  # the result run carries the number's formatting
        return
    if stack and not stack[-1]["result"]:
        return  # an instruction's own text
    (after if state["done"] else before).append(text)


def _is_page(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() == "PAGE"
