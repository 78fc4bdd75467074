"""Web page fixers: site furniture lines, and the date a page states."""

from __future__ import annotations

import re

from compare.clean.tracked import Outcome, Tracked, apply_edits, outcome, repair

FURNITURE = re.compile(
    r"(?m)^[ \t\u3000]*(?:"
    r"(?:发布|發佈|發布|更新|上传|上傳)(?:日期|时间|時間)[:：].{0,60}"
    r"|.{0,40}(?:浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|點擊數|访问量|訪問量)[:：].{0,20}"
    r"|分享到[:：]?.{0,60}"
    r"|【?(?:收藏本文|打印本页|打印本頁|打印|关闭窗口|關閉窗口|关闭|返回顶部|返回頂部)】?"
    r"(?:\s*【?(?:收藏本文|打印本页|打印|关闭窗口|关闭|返回顶部)】?)*"
    r"|【?(?:字体|字號|字号)[:：]\s*(?:大\s*中\s*小|[大中小]\s*){1,3}】?.{0,40}"
    r"|(?:当前位置|當前位置|您现在的位置|您的位置)[:：].{0,80}"
    r"|(?:来源|來源)[:：].{0,60}"
    r"|(?:责任编辑|責任編輯|编辑|作者)[:：].{0,20}"
    r"|索引号[:：].{0,60}"
    r")$\n?"
)
"""Whole lines of site furniture: dates and view counts, share, print and close links, font-size
switches, breadcrumbs, source, editor and index-number lines."""

DATES = (
    r"(?:发布|發布|發佈)(?:日期|时间|時間)[:：]\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})",
    r"(?:来源|來源)[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})",
    r"(?m)^[(（]?(\d{4})年(\d{1,2})月(\d{1,2})日[)）]?\s*$",
)
"""Where a document states its date, most explicit first (compiled when find_date first runs,
by `re`'s cache: a text file never needs them)."""


def drop_web_furniture(t: Tracked) -> Outcome:
    """Remove site furniture lines (kept in the Repair detail: structure reads dates from them)."""
    found = list(FURNITURE.finditer(t.text))
    removed = [m.group().strip() for m in found]
    new = apply_edits(t, [(m.start(), m.end(), ()) for m in found])
    pos = [m.start() for m in found]
    detail = "removed: " + " | ".join(removed[:8])
    return outcome(new, repair("drop_web_furniture", t, pos, detail))


def find_date(text: str) -> str:
    """The ISO date a document states (publication line, source line, dateline), else ''."""
    for pattern in DATES:
        m = re.search(pattern, text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return ""
