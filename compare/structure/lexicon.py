"""Commitment lexicon: action words and how firmly each one commits (weak, moderate, strong)."""

from __future__ import annotations

import re

from compare.model import Strength

WEAK_WORDS = (
    "研究",
    "探索",
    "鼓励",
    "争取",
    "引导",
    "谋划",
    "积极稳妥",
    "适时",
    "逐步",
    "稳步",
    "有序",
    "可以",
    "倡导",
    "试点",
)
"""Words that commit to study, try, encourage or proceed gradually."""

MODERATE_WORDS = (
    "推进",
    "推动",
    "建设",
    "实施",
    "开展",
    "落实",
    "完善",
    "加强",
    "支持",
    "发展",
    "建立",
    "健全",
    "提高",
    "提升",
    "打造",
    "培育",
    "构建",
    "深化",
    "优化",
    "促进",
    "加大",
    "扩大",
    "保障",
    "组织",
    "制定",
    "应当",
    "坚持",
    "统筹",
    "推行",
    "规范",
    "巩固",
)
"""Words that commit to act, without saying how hard."""

STRONG_WORDS = (
    "加快",
    "全面",
    "确保",
    "严格",
    "必须",
    "坚决",
    "大力",
    "着力",
    "全力",
    "切实",
    "强化",
    "务必",
    "不得",
    "禁止",
    "严禁",
    "坚定不移",
    "加速",
)
"""Words that commit firmly: speed, completeness, guarantees, prohibitions."""

STRENGTH_WORDS: dict[str, Strength] = {
    **{w: Strength.WEAK for w in WEAK_WORDS},
    **{w: Strength.MODERATE for w in MODERATE_WORDS},
    **{w: Strength.STRONG for w in STRONG_WORDS},
}
"""Every lexicon word with its strength (simplified script)."""

ACTION_WORDS: frozenset[str] = frozenset(STRENGTH_WORDS)
"""Words whose presence makes a clause a commitment rather than a description."""

NOUN_PRONE = frozenset({"发展", "建设"})
"""Action words so often used as nouns (`区域协调发展`) that they count only in verb position."""

VERB_LEAD = frozenset(
    {"加快", "大力", "着力", "积极", "重点", "优先", "稳步", "培育", "鼓励", "支持"}
)
"""Words after which a noun-prone word is read as a verb (`重点发展`, `加快建设`)."""

ACTION_PATTERN = re.compile(
    "|".join(sorted(map(re.escape, ACTION_WORDS | VERB_LEAD), key=len)[::-1])
)
"""Longest-first alternation of action and verb-lead words, for one left-to-right scan."""


def strength_of(word: str) -> Strength:
    """Strength of one lexicon word (Strength.NONE for a word outside the lexicon)."""
    return STRENGTH_WORDS.get(word, Strength.NONE)


def strongest(words: tuple[str, ...] | list[str]) -> Strength:
    """The strongest strength among words (Strength.NONE when empty)."""
    return max((strength_of(w) for w in words), default=Strength.NONE)
