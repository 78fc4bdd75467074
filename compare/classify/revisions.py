"""Typed revisions of a linked clause with their evidence, plus token diff and similarity."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from compare.align.candidates import match_key, strip_label
from compare.classify.tokendiff import token_diff
from compare.model import Clause, DiffSpan, Facts, Op, Revision, RevisionKind, Strength

try:  # the commitment-strength lexicon is owned by the structure stage
    from compare.structure.lexicon import strength_of
except ImportError:  # pragma: no cover - until the lexicon module exists
    _FALLBACK = {
        **dict.fromkeys(("研究", "探索", "鼓励", "争取", "引导", "谋划", "适时"), Strength.WEAK),
        **dict.fromkeys(
            ("推进", "推动", "支持", "建设", "实施", "完善", "加强"), Strength.MODERATE
        ),
        **dict.fromkeys(("加快", "全面", "确保", "严格", "必须", "大力", "坚决"), Strength.STRONG),
    }

    def strength_of(word: str) -> Strength:
        """Commitment strength of one word (fallback table)."""
        return _FALLBACK.get(word, Strength.NONE)


VARIANTS = str.maketrans({"帐": "账", "菸": "烟", "祕": "秘", "綫": "线", "着": "著", "週": "周"})
NUMBER = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|‰|[万亿千百]?(?:元|吨|千瓦|公里|亩|人|个|家|项|座|户|平方公里)|年)?"
)
CROSS_REF = re.compile(r"第[一二三四五六七八九十百零〇两\d]+[条款项章节]")
SCOPE_WORD = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,8}(?:市|盟|旗|县|省|自治区|地区|新区|口岸|园区|城市群|经济区|走廊)"
    r"|[\u4e00-\u9fff]{2,8}(?:部门|厅|局|委|委员会|政府|机关|机构|单位|企业|海关|银行|集团))$"
)
"""A word naming a place, programme area or actor (the suffix decides; 格局 is no bureau)."""
GENERIC_SCOPE = frozenset(
    [
        "城市",
        "省市",
        "盟市",
        "旗市",
        "县市",
        "地区",
        "各地区",
        "有关部门",
        "相关部门",
        "各部门",
        "政府",
        "各级政府",
        "企业",
        "单位",
        "机构",
    ]
)
"""Words with a place or actor suffix that name no particular place or actor."""
DOC_NUMBER = re.compile(r"[〔\[(（]\d{4}[〕\])）]\s*\d+\s*号")
"""A document number such as 中发〔2018〕43号: not a target."""


def describe(olds: Sequence[Clause], news: Sequence[Clause]):
    """The typed revisions, token diff and similarity between linked old and new clauses.

    A clause's own article or item number (`第五条`, `(三)`) is diffed apart and never typed
    as a revision: renumbering is not revision.
    """
    old_label, old_text = split_label("".join(c.text for c in olds))
    new_label, new_text = split_label("".join(c.text for c in news))
    body = token_diff(old_text, new_text)
    diff = label_spans(old_label, new_label) + body
    sim = fuzz.ratio(match_key(old_text), match_key(new_text)) / 100.0
    revisions = typed_revisions(old_text, new_text, body, merge_facts(olds), merge_facts(news))
    return revisions, diff, round(sim, 4)


def split_label(text: str) -> tuple[str, str]:
    """A text's own leading number (with its spacing) and the rest."""
    rest = strip_label(text)
    return text[: len(text) - len(rest)], rest


def label_spans(old_label: str, new_label: str) -> tuple[DiffSpan, ...]:
    """The diff of two leading numbers: equal, or the old deleted and the new inserted."""
    if old_label == new_label:
        return (DiffSpan(Op.EQUAL, old_label),) if old_label else ()
    spans = [DiffSpan(Op.DELETE, old_label), DiffSpan(Op.INSERT, new_label)]
    return tuple(s for s in spans if s.text)


def merge_facts(clauses: Sequence[Clause]) -> Facts:
    """The facts of several clauses read together."""
    if len(clauses) == 1:
        return clauses[0].facts
    fs = [c.facts for c in clauses]
    return Facts(
        lead=tuple(x for f in fs for x in f.lead),
        cooperating=tuple(x for f in fs for x in f.cooperating),
        quantities=tuple(x for f in fs for x in f.quantities),
        years=tuple(x for f in fs for x in f.years),
        commitment=any(f.commitment for f in fs),
        strength=max((f.strength for f in fs), default=Strength.NONE),
        actions=tuple(x for f in fs for x in f.actions),
        numbers_reliable=all(f.numbers_reliable for f in fs),
    )


def typed_revisions(
    old: str, new: str, diff: Sequence[DiffSpan], fo: Facts, fn: Facts
) -> tuple[Revision, ...]:
    """Every revision kind the evidence supports; `reworded` when nothing more specific fits."""
    if old.translate(VARIANTS) == new.translate(VARIANTS) and old != new:
        return (variant_only(old, new),)
    deleted = "".join(s.text for s in diff if s.op is Op.DELETE)
    inserted = "".join(s.text for s in diff if s.op is Op.INSERT)
    if cross_refs_only(old, new):
        return (renumbered(old, new),)
    found = [
        *strength_change(diff, fo, fn),
        *target_change(deleted, inserted, fo, fn),
        *scope_change(deleted, inserted),
        *agency_change(fo, fn),
        *phrase_change(diff),
    ]
    if not found and match_key(old) != match_key(new):
        found.append(Revision(RevisionKind.REWORDED, deleted, inserted, "wording changed"))
    return tuple(found)


def variant_only(old: str, new: str) -> Revision:
    """The characters that differ only as variants (帐 → 账)."""
    pairs = sorted({(a, b) for a, b in zip(old, new, strict=False) if a != b})
    return Revision(
        RevisionKind.VARIANT_ONLY,
        "".join(a for a, _ in pairs),
        "".join(b for _, b in pairs),
        "variant characters only",
    )


def renumbered(old: str, new: str) -> Revision:
    """The cited article numbers that changed, in order (第十二条 → 第十四条); the clause's own
    article number is not a citation."""
    cited_old = CROSS_REF.findall(strip_label(old))
    cited_new = CROSS_REF.findall(strip_label(new))
    pairs = [(a, b) for a, b in zip(cited_old, cited_new, strict=False) if a != b]
    return Revision(
        RevisionKind.RENUMBERED,
        "、".join(a for a, _ in pairs),
        "、".join(b for _, b in pairs),
        "cross-references renumbered",
    )


def cross_refs_only(old: str, new: str) -> bool:
    """True when the texts differ only in article numbers they cite (or in their own label)."""
    a, b = strip_label(old), strip_label(new)
    return a != b and CROSS_REF.sub("§", a) == CROSS_REF.sub("§", b)


def strongest(text: str) -> tuple[Strength, str]:
    """The strongest commitment word in a text span, with the word."""
    from compare.align.tokens import tokens

    best, word = Strength.NONE, ""
    for t in tokens(text):
        s = strength_of(t)
        if s > best:
            best, word = s, t
    return best, word


def strength_change(diff: Sequence[DiffSpan], fo: Facts, fn: Facts) -> list[Revision]:
    """Strengthened or weakened: the changed words' commitment strength went up or down."""
    before, wb = strongest("".join(s.text for s in diff if s.op is Op.DELETE))
    after, wa = strongest("".join(s.text for s in diff if s.op is Op.INSERT))
    if after == before and fo.strength != fn.strength:
        before, after = fo.strength, fn.strength
    if after > before:
        return [Revision(RevisionKind.STRENGTHENED, wb, wa, f"{before.name} → {after.name}")]
    if after < before:
        return [Revision(RevisionKind.WEAKENED, wb, wa, f"{before.name} → {after.name}")]
    return []


def target_change(deleted: str, inserted: str, fo: Facts, fn: Facts) -> list[Revision]:
    """A numeric target changed (value, unit or year), unless numbers there are unreliable."""
    if not (fo.numbers_reliable and fn.numbers_reliable):
        return []
    before = [m.group().strip() for m in NUMBER.finditer(DOC_NUMBER.sub("", deleted))]
    after = [m.group().strip() for m in NUMBER.finditer(DOC_NUMBER.sub("", inserted))]
    if not before and not after:
        return []
    return [
        Revision(
            RevisionKind.TARGET_CHANGED,
            "、".join(before),
            "、".join(after),
            "numeric target or year changed",
        )
    ]


def scope_words(text: str) -> list[str]:
    """Places, programme areas and actors named in a span, by word."""
    from compare.align.tokens import tokens, user_words

    known = user_words()
    named = (t for t in tokens(text) if t in known or SCOPE_WORD.match(t))
    return list(dict.fromkeys(t for t in named if t not in GENERIC_SCOPE))


def scope_change(deleted: str, inserted: str) -> list[Revision]:
    """Places, actors or programmes added (widened) or removed (narrowed)."""
    gone, came = scope_words(deleted), scope_words(inserted)
    gone, came = [w for w in gone if w not in came], [w for w in came if w not in gone]
    out = []
    if came:
        out.append(
            Revision(RevisionKind.SCOPE_WIDENED, "", "、".join(came), "places or actors added")
        )
    if gone:
        out.append(
            Revision(RevisionKind.SCOPE_NARROWED, "、".join(gone), "", "places or actors removed")
        )
    return out


def agency_change(fo: Facts, fn: Facts) -> list[Revision]:
    """The lead or cooperating agencies differ."""
    out = []
    if set(fo.lead) != set(fn.lead):
        out.append(
            Revision(
                RevisionKind.AGENCY_CHANGED,
                "、".join(fo.lead),
                "、".join(fn.lead),
                "lead agency changed",
            )
        )
    if set(fo.cooperating) != set(fn.cooperating):
        out.append(
            Revision(
                RevisionKind.AGENCY_CHANGED,
                "、".join(fo.cooperating),
                "、".join(fn.cooperating),
                "cooperating agencies changed",
            )
        )
    return out


def phrase_change(diff: Sequence[DiffSpan]) -> list[Revision]:
    """Pure insertions and deletions of a phrase (not replacements) between equal text."""
    out = []
    for k, s in enumerate(diff):
        prev_op = diff[k - 1].op if k else Op.EQUAL
        next_op = diff[k + 1].op if k + 1 < len(diff) else Op.EQUAL
        if s.op is Op.EQUAL or prev_op is not Op.EQUAL or next_op is not Op.EQUAL:
            continue
        if len(match_key(s.text)) < 2:
            continue
        kind = RevisionKind.PHRASE_ADDED if s.op is Op.INSERT else RevisionKind.PHRASE_REMOVED
        out.append(
            Revision(
                kind,
                s.text if s.op is Op.DELETE else "",
                s.text if s.op is Op.INSERT else "",
                "phrase " + kind.value.split("-")[1],
            )
        )
    return out
