"""Document metadata: the title, date and issuing body a text gives about itself."""

from __future__ import annotations

import re
from pathlib import PurePath

from compare.model import record

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\d?\)")
NUMBER_TAIL = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
"""A document number's year bracket and serial (`〔2021〕1号`); its issuer code is the one to
eight Chinese characters before it (see doc_number)."""
ISSUER_CODE_MAX = 8
TITLE_ENDS = (
    r"(?:通知|意见|意見|决定|決定|办法|辦法|方案|规划|規劃|纲要|綱要|公告|通告|批复|批覆|规定|規定)"
)
"""The words a document title ends with, before a document number glued on (compiled by
split_number only for a title with a document number)."""
NUMBER_PREFIX_MAX = 6
"""Longest issuer code before the year bracket (`内政办发`)."""
TITLE_CONTINUES = ("关于", "關于", "关於", "的", "印发", "印發", "和", "及")
TITLE_MAX = 150
NUMBERED = re.compile(
    r"[ \t#]*(?:第\s*[一二三四五六七八九十百零〇\d]+\s*[篇编章节條条]"
    r"|[一二三四五六七八九十]+、|[(（])"
)

STAMP_DATE = re.compile(
    r"(?:发布日期|發布日期|成文日期|印发日期|日期)\s*[:：]\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})"
)
LINE_DATE = re.compile(
    r"^[ \t#\u3000]*[(（]?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[)）]?\s*$", re.M
)
SOURCE_DATE = re.compile(r"来源\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
ENACTED_DATE = r"(?m)^\s*(\d{4})年(\d{1,2})月(\d{1,2})日[^\n]{0,80}?(?:通过|修正|修订|公布|发布)"
"""A statute's legislative history line (compiled only for a text that states no date)."""
GARBLED_DATE = r"年月日(20\d\d|19\d\d)(\d{2,4})(?!\d)"
"""A PDF date whose numerals were pushed behind their words: `年月日202127` is 2021-02-07."""

ISSUER_END = re.compile(
    r"(?:政府|办公厅|辦公廳|委员会|委員會|党委|黨委|人大|厅|廳|局|委|部|院|会|會|办|辦)$"
)
LEGISLATURE = re.compile(r"全国人民代表大会(?:常务委员会)?")


@record(slots=False)
class Metadata:
    """What the text says about itself."""

    title: str
    date: str
    issuer: str
    title_span: tuple[int, int] = (0, 0)
    """Clean-text span of the title line(s); (0, 0) when the title is the file name."""
    number: str = ""
    """The document number glued to the title (`内政发〔2021〕1号`), else ''."""


def metadata(path: str, source_text: str, clean_text: str) -> Metadata:
    """Title (else the file name), ISO date and issuer of a document."""
    title, span = find_title(clean_text)
    if not title:
        title, span = PurePath(path).stem if path not in ("", "-") else "(standard input)", (0, 0)
    title, number = split_number(title)
    return Metadata(title, find_date(source_text), find_issuer(title, source_text), span, number)


def doc_number(text: str) -> tuple[int, int, int] | None:
    """Start, year bracket and end of the first document number such as `内政发〔2021〕1号`:
    what `[\\u4e00-\\u9fff]{1,8}` before NUMBER_TAIL finds, the issuer code read back from
    the bracket (that class costs 1.2 ms to compile in every process)."""
    for m in NUMBER_TAIL.finditer(text):
        bracket = start = m.start()
        while start > max(bracket - ISSUER_CODE_MAX, 0) and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if start < bracket:
            return start, bracket, m.end()
    return None


def split_number(title: str) -> tuple[str, str]:
    """(title, document number) of a title line that ends with a number such as 内政发〔2021〕1号.

    The title ends at the last title word (通知, 意见 …) before the number's code; without
    one, the code is the few characters before the year bracket.
    """
    found = doc_number(title)
    if not found or found[2] != len(title):
        return title, ""
    bracket = found[1]
    ends = [e.end() for e in re.finditer(TITLE_ENDS, title[:bracket])]
    cut = ends[-1] if ends and bracket - ends[-1] <= NUMBER_PREFIX_MAX else max(bracket - 3, 0)
    return title[:cut].rstrip(), title[cut:].strip()


def find_title(text: str) -> tuple[str, tuple[int, int]]:
    """The title line(s) at the top of the clean text and their span, or ('', (0, 0))."""
    lines = _first_lines(text, 3)
    if not lines or NUMBERED.match(text, lines[0][0]):
        return "", (0, 0)
    start, end = lines[0]
    first = _plain(text[start:end])
    cut = doc_number(first[:TITLE_MAX])
    if cut:
        return first[: cut[2]], (start, _offset_after(text, start, end, cut[2]))
    if len(lines) > 1 and first.endswith(TITLE_CONTINUES):
        end = lines[1][1]
        first += _plain(text[lines[1][0] : end])
    if len(first) > TITLE_MAX or first.endswith(("。", "；", ";")) or len(first) < 4:
        return "", (0, 0)
    return first, (start, end)


def _first_lines(text: str, n: int) -> list[tuple[int, int]]:
    """Spans of the first n non-blank lines (leading `#` signs and spaces excluded)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s] in " \t\u3000#":
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
            if len(out) == n:
                break
    return out


def _plain(line: str) -> str:
    """A title line without pinyin readings and surrounding spaces."""
    return PINYIN.sub("", line).strip()


def _offset_after(text: str, start: int, end: int, n_plain: int) -> int:
    """Clean offset after the first n_plain characters of the de-pinyined line."""
    seen = 0
    for m in re.finditer(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\d?\)|.", text[start:end]):
        if len(m.group()) == 1:
            seen += 1
        if seen >= n_plain:
            return start + m.end()
    return end


def find_date(source: str) -> str:
    """The document's date in ISO form, from the text's own stamps; '' when it gives none."""
    for pattern in (STAMP_DATE, LINE_DATE, SOURCE_DATE):
        m = pattern.search(source)
        if m:
            return _iso(*m.groups())
    enacted = re.findall(ENACTED_DATE, source[:3000])
    if enacted:
        return _iso(*enacted[-1])
    m = re.search(GARBLED_DATE, source[:3000])
    return _garbled(m.group(1), m.group(2)) if m else ""


def _iso(year: str, month: str, day: str) -> str:
    """`2019-10-17` when the parts make a plausible date, else ''."""
    y, mo, d = int(year), int(month), int(day)
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def _garbled(year: str, rest: str) -> str:
    """Month and day from the digits that followed the year, when only one reading is valid."""
    readings = {_iso(year, rest[:i], rest[i:]) for i in (1, 2) if 0 < i < len(rest)}
    readings.discard("")
    return readings.pop() if len(readings) == 1 else ""


def find_issuer(title: str, source: str) -> str:
    """The issuing body: what precedes 关于 in the title, else the legislature in the header."""
    m = re.match(r"(.+?)(?:关于|關于|关於)", title)
    if m and ISSUER_END.search(m.group(1).strip()):
        return _full_names(m.group(1).strip())
    body = LEGISLATURE.search(source[:1500])
    return body.group() if body else ""


def _full_names(issuer: str) -> str:
    """Joint issuers with the region repeated: `内蒙古自治区党委 自治区人民政府` → full names."""
    parts = issuer.split()
    region = re.match(r"(.+?(?:自治区|自治區|省|市))", parts[0])
    if not region:
        return " ".join(parts)
    short = region.group(1)[-3:]
    return " ".join(
        region.group(1)[:-3] + p if p.startswith(short) and i else p for i, p in enumerate(parts)
    )
