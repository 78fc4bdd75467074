"""Typed revisions of a linked clause with their evidence, plus token diff and similarity."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from compare.align.candidates import match_key, strip_label
from compare.classify.strength import strength_change
from compare.classify.targets import target_change
from compare.classify.tokendiff import token_diff
from compare.clean.keys import fold_widths, to_simplified
from compare.model import Clause, DiffSpan, Facts, Op, Revision, RevisionKind, Strength

EQUAL, INSERT, DELETE = Op.EQUAL, Op.INSERT, Op.DELETE
"""The diff operations, read once: an enum class's members are read through its metaclass's
attribute hook, four times slower than a module's names (on every span of every diff)."""
VARIANTS = {"帐": "账", "菸": "烟", "祕": "秘", "綫": "线", "着": "著", "週": "周"}
"""Variant characters and the form words are compared in."""
CROSS_REF = re.compile(r"第[一二三四五六七八九十百零〇两\d]+[条款项章节]")
PLACE_SUFFIXES = (
    "市",
    "盟",
    "旗",
    "县",
    "省",
    "自治区",
    "地区",
    "新区",
    "口岸",
    "园区",
    "城市群",
    "经济区",
    "走廊",
)
"""Suffixes of a place or programme area: a word ends in one after 1–8 CJK characters."""
ACTOR_SUFFIXES = (
    "部门",
    "厅",
    "局",
    "委",
    "委员会",
    "政府",
    "机关",
    "机构",
    "单位",
    "企业",
    "海关",
    "银行",
    "集团",
)
"""Suffixes of an actor: a word ends in one after 2–8 CJK characters."""
SUFFIX_ENDS = frozenset(s[-1] for s in PLACE_SUFFIXES + ACTOR_SUFFIXES)
"""The last characters of the suffixes."""
MAYBE_SCOPE = SUFFIX_ENDS | {"\n"}
"""The last characters of a word that may name a scope: a suffix's, or a line break (most
words end in neither: no call of `is_scope_word` for them)."""


def is_cjk_run(text: str) -> bool:
    """True when every character lies in U+4E00–U+9FFF (tested by comparison: a pattern
    with that range costs 1.6 ms to compile in every process)."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def is_scope_word(word: str) -> bool:
    """A word naming a place, programme area or actor (the suffix decides; 格局 is no bureau).

    What `re.match` of `^(?:[\u4e00-\u9fff]{1,8}(?:PLACE)|[\u4e00-\u9fff]{2,8}(?:ACTOR))$`
    finds, a final line break included (`$` matches before one)."""
    word = word.removesuffix("\n")
    if word[-1:] not in SUFFIX_ENDS:  # most words: one look-up, not 26 suffix tests
        return False
    return any(
        word.endswith(suffix)
        and least <= len(word) - len(suffix) <= 8
        and is_cjk_run(word[: -len(suffix)])
        for suffixes, least in ((PLACE_SUFFIXES, 1), (ACTOR_SUFFIXES, 2))
        for suffix in suffixes
    )


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
NO_FORMS: Mapping[str, str] = {}
"""No normal forms made beforehand: `describe` makes each."""


def describe(olds: Sequence[Clause], news: Sequence[Clause], forms: Mapping[str, str] = NO_FORMS):
    """The typed revisions, token diff and similarity between linked old and new clauses.

    A clause's own article or item number (`第五条`, `(三)`) is diffed apart and never typed
    as a revision: renumbering is not revision. Words are compared in normal form (simplified
    script, variants folded), so a change of script alone is no edit. `forms`: the normal
    forms of many texts made at once beforehand (`normal_forms`), looked up by text.
    """
    old_label, old_text = split_label("".join(c.text for c in olds))
    new_label, new_text = split_label("".join(c.text for c in news))
    old_form, new_form = form_of(old_text, forms), form_of(new_text, forms)
    body = token_diff(old_form, new_form)
    told = in_script(body, (old_text, new_text), (old_form, new_form))
    diff = label_spans(old_label, new_label) + told
    fo, fn = merge_facts(olds), merge_facts(news)
    revisions = typed_revisions(old_form, new_form, body, fo, fn, commits(olds, news), told)
    if old_form == new_form and not revisions and variants_differ(old_text, new_text):
        revisions = (variant_only(old_text, new_text),)
    return revisions, diff, text_similarity(old_text, new_text)


def unlabelled_texts(olds: Sequence[Clause], news: Sequence[Clause]) -> tuple[str, str]:
    """The old and the new clauses' text without their own leading number, as described."""
    return unlabelled(olds), unlabelled(news)


def unlabelled(clauses: Sequence[Clause]) -> str:
    """The clauses' text read together, without its own leading number."""
    return split_label("".join(c.text for c in clauses))[1]


def similarity(olds: Sequence[Clause], news: Sequence[Clause]) -> float:
    """`describe`'s similarity alone (no revisions, no token diff): for callers that show
    neither, such as the timeline's threads."""
    return text_similarity(*unlabelled_texts(olds, news))


def text_similarity(old_text: str, new_text: str) -> float:
    """0..1 similarity of two clause texts without their labels, as the align stage keys them."""
    return round(fuzz.ratio(match_key(old_text), match_key(new_text)) / 100.0, 4)


def variants_differ(old: str, new: str) -> bool:
    """True when two texts differ in variant characters (帐/账), not only in script."""
    return fold_widths(to_simplified(old)) != fold_widths(to_simplified(new))


def normal_form(text: str) -> str:
    """A text as words are compared: simplified script, variants and widths folded."""
    return fold_variants(fold_widths(to_simplified(text)))


def form_of(text: str, forms: Mapping[str, str]) -> str:
    """The normal form of `text`: from `forms` when made there, else made now."""
    found = forms.get(text)
    return normal_form(text) if found is None else found


def normal_forms(texts: Iterable[str]) -> dict[str, str]:
    """Each distinct text's normal form, the script of all converted in one call (OpenCC's
    set-up costs about two thirds of converting one clause): `normal_form` of each, as no
    converted phrase holds a line break (as `comparison_keys` converts keys)."""
    distinct = list(dict.fromkeys(texts))
    if any("\n" in t for t in distinct):
        return {t: normal_form(t) for t in distinct}
    converted = fold_variants(fold_widths(to_simplified("\n".join(distinct)))).split("\n")
    if len(converted) != len(distinct):
        return {t: normal_form(t) for t in distinct}
    return dict(zip(distinct, converted, strict=True))


def fold_variants(text: str) -> str:
    """`text` with each variant character (帐) in the form words are compared in (账).

    What `str.translate` of the table gives, by a search for each of the few variants:
    `translate` looks every character of a CJK text up in the table, ten times slower."""
    for variant, form in VARIANTS.items():
        if variant in text:
            text = text.replace(variant, form)
    return text


def in_script(
    spans: Sequence[DiffSpan], texts: tuple[str, str], forms: tuple[str, str]
) -> tuple[DiffSpan, ...]:
    """A diff of normal forms told in each side's own script (the forms have the same length
    as the texts whenever the script conversion is character by character). Texts already in
    normal form (most) are told as the diff is: each span is then its own side's wording."""
    old, new = texts
    if texts == forms or len(forms[0]) != len(old) or len(forms[1]) != len(new):
        return tuple(spans)
    out: list[DiffSpan] = []
    i = j = 0
    for s in spans:
        n = len(s.text)
        if s.op is DELETE:
            out.append(told_as(s, old[i : i + n]))
            i += n
        elif s.op is INSERT:
            out.append(told_as(s, new[j : j + n]))
            j += n
        else:
            theirs, ours = old[i : i + n], new[j : j + n]
            out.append(told_as(s, ours, theirs if theirs != ours else ""))
            i, j = i + n, j + n
    return tuple(out)


def told_as(span: DiffSpan, text: str, theirs: str = "") -> DiffSpan:
    """`span` with this text (and, for an equal run, the old side's own wording): the span
    itself when it already reads so (most spans: most words have one script)."""
    if span.text == text and span.old == theirs:
        return span
    return DiffSpan(span.op, text, theirs)


def commits(olds: Sequence[Clause], news: Sequence[Clause]) -> bool:
    """True when strength can be read: no side is a heading or a look back at achievements."""
    return not any(c.is_heading or c.facts.retrospective for c in (*olds, *news))


def split_label(text: str) -> tuple[str, str]:
    """A text's own leading number (with its spacing) and the rest."""
    rest = strip_label(text)
    return text[: len(text) - len(rest)], rest


def label_spans(old_label: str, new_label: str) -> tuple[DiffSpan, ...]:
    """The diff of two leading numbers: equal, or the old deleted and the new inserted."""
    if old_label == new_label:
        return (DiffSpan(EQUAL, old_label),) if old_label else ()
    spans = [DiffSpan(DELETE, old_label), DiffSpan(INSERT, new_label)]
    return tuple(s for s in spans if s.text)


def merge_facts(clauses: Sequence[Clause]) -> Facts:
    """The facts of several clauses read together."""
    if len(clauses) == 1:
        return clauses[0].facts
    fs = [c.facts for c in clauses]
    return Facts(
        lead=tuple(dict.fromkeys(x for f in fs for x in f.lead)),
        cooperating=tuple(dict.fromkeys(x for f in fs for x in f.cooperating)),
        quantities=tuple(x for f in fs for x in f.quantities),
        years=tuple(x for f in fs for x in f.years),
        commitment=any(f.commitment for f in fs),
        strength=max((f.strength for f in fs), default=Strength.NONE),
        actions=tuple(x for f in fs for x in f.actions),
        numbers_reliable=all(f.numbers_reliable for f in fs),
        retrospective=any(f.retrospective for f in fs),
    )


def typed_revisions(
    old: str,
    new: str,
    diff: Sequence[DiffSpan],
    fo: Facts,
    fn: Facts,
    committing: bool = True,
    shown: Sequence[DiffSpan] = (),
) -> tuple[Revision, ...]:
    """Every revision kind the evidence supports; `reworded` when nothing more specific fits.

    `old`, `new` and `diff` are in normal form; strength is typed only when `committing`.
    Phrases and rewordings are quoted from `shown`, the same diff in each side's script.
    """
    shown = shown or diff
    if old == new:
        return tuple(agency_change(fo, fn))
    deleted = "".join(s.text for s in diff if s.op is DELETE)
    inserted = "".join(s.text for s in diff if s.op is INSERT)
    if cross_refs_only(old, new):
        return (renumbered(old, new),)
    found = [
        *(strength_change(old, new) if committing else []),
        *target_change(old, new, fo, fn),
        *scope_change(deleted, inserted),
        *agency_change(fo, fn),
        *phrase_change(shown),
    ]
    if not found and match_key(old) != match_key(new):
        gone = "".join(s.text for s in shown if s.op is DELETE)
        came = "".join(s.text for s in shown if s.op is INSERT)
        found.append(Revision(RevisionKind.REWORDED, gone, came, "wording changed"))
    return tuple(found)


def variant_only(old: str, new: str) -> Revision:
    """The characters that differ only as variants (帐 → 账)."""
    a_form, b_form = to_simplified(old), to_simplified(new)
    pairs = sorted({(a, b) for a, b in zip(a_form, b_form, strict=False) if a != b})
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


def scope_words(text: str) -> list[str]:
    """Places, programme areas and actors named in a span, by word."""
    from compare.align.tokens import tokens, user_words

    known = user_words()
    named = (t for t in tokens(text) if t in known or (t[-1:] in MAYBE_SCOPE and is_scope_word(t)))
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
    ops = [s.op for s in diff]
    last = len(ops) - 1
    for k, s in enumerate(diff):
        if ops[k] is EQUAL or (k and ops[k - 1] is not EQUAL):
            continue
        if k < last and ops[k + 1] is not EQUAL:
            continue
        if len(match_key(s.text)) < 2:
            continue
        kind = RevisionKind.PHRASE_ADDED if s.op is INSERT else RevisionKind.PHRASE_REMOVED
        out.append(
            Revision(
                kind,
                s.text if s.op is DELETE else "",
                s.text if s.op is INSERT else "",
                "phrase " + kind.value.split("-")[1],
            )
        )
    return out
