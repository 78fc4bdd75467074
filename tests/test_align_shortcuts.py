"""The align stage's shortcuts give the results of the plain computation they replace."""

from __future__ import annotations

import math
from array import array

import aligntools
import pytest
from aligntools import S2013, S2019, S2020, doc, seed
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import candidates as cand
from compare.align import link
from compare.align.decide import RANKED
from compare.align.evidence import (
    ID,
    every_feature,
    features,
    held,
    held_features,
    is_title,
    numbering,
    space,
    thesaurus_terms,
)
from compare.align.link import align
from compare.align.ranking import Index, ranked
from compare.align.tokens import place_names
from compare.model import Link, Settings


def plain_best_unit(po: cand.Profile, pn: cand.Profile, idf: dict) -> tuple[float, float]:
    """Every unit of both clauses intersected with the other whole clause, the best by
    cover times shared weight (the earlier on ties), old side first."""

    def one(units, whole) -> tuple[float, float]:
        best = (0.0, 0.0)
        for u, total in units:
            if total:
                shared = cand.weight(u & whole, idf)
                best = max(best, (shared / total, shared), key=cand.product)
        return best

    return max(one(po.units(idf), pn.grams), one(pn.units(idf), po.grams), key=cand.product)


def assert_same_part(old_key: str, new_key: str, idf: dict) -> None:
    """The bounded unit search finds the part the plain one finds (sums may add in another
    order, so equal up to rounding)."""
    po, pn = cand.profile(old_key, idf), cand.profile(new_key, idf)
    s = cand.score_pair(po, pn, idf)
    want = plain_best_unit(po, pn, idf)
    assert (s.part_cover, s.part_shared) == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_bounded_units_match_the_plain_search_on_seed_clauses():
    old = [c.key for c in seed(S2019).clauses]
    new = [c.key for c in seed(S2020).clauses]
    idf, _ = cand.rarity_weights([*old, *new])
    olds, news = old[::3], new[::3]
    for i, a in enumerate(olds):
        for b in news[i % 4 :: 4]:
            assert_same_part(a, b, idf)
    cand.forget_texts()


PIECE = st.text(alphabet="推进基础设施建设完善合作区新区发展", min_size=0, max_size=14)
CLAUSE = st.lists(PIECE, min_size=1, max_size=5).map("，".join)


@settings(max_examples=150, deadline=None)
@given(CLAUSE, CLAUSE)
def test_bounded_units_match_the_plain_search(a, b):
    idf, _ = cand.rarity_weights([a, b, "推进发展", "基础设施"])
    assert_same_part(a, b, idf)
    cand.forget_texts()


def test_a_unit_floor_out_of_reach_leaves_the_part_empty():
    idf, _ = cand.rarity_weights(["推进基础设施建设，完善合作区", "完善合作区"])
    po, pn = (cand.profile(k, idf) for k in ("推进基础设施建设，完善合作区", "完善合作区"))
    s = cand.score_pair(po, pn, idf, unit_floor=float("inf"))
    assert (s.part_cover, s.part_shared) == (0.0, 0.0)
    assert s.similarity == cand.score_pair(po, pn, idf).similarity


def test_parts_searched_on_use_give_the_links_of_parts_searched_at_once(monkeypatch):
    pairs = [(seed(S2013), seed(S2019)), (seed(S2019), seed(S2020))]
    lazy = [align(old, new, Settings()) for old, new in pairs]
    score_pair = link.score_pair
    searched: list[tuple[float, float]] = []

    def eager(*args, **kwargs) -> cand.Affinity:
        s = score_pair(*args, **kwargs)
        searched.append(s.part)  # every unit search at once, as before
        return s

    monkeypatch.setattr(link, "score_pair", eager)
    assert [align(old, new, Settings()) for old, new in pairs] == lazy
    assert any(part != (0.0, 0.0) for part in searched)


def test_a_part_is_searched_once_and_lets_its_clauses_go():
    idf, _ = cand.rarity_weights(["推进基础设施建设，完善合作区", "完善合作区"])
    po, pn = (cand.profile(k, idf) for k in ("推进基础设施建设，完善合作区", "完善合作区"))
    s = cand.score_pair(po, pn, idf)
    assert s.units == (po, pn, idf)
    part = s.part
    assert s.units is None and s.part is part
    assert part == cand.best_part(po, pn, idf, s.shared) == plain_best_unit(po, pn, idf)
    cand.forget_texts()


def test_a_pair_contained_whole_is_not_searched_for_its_unit():
    keys = ("推进呼包鄂乌一体化发展，加快和林格尔新区建设", "加快和林格尔新区建设")
    idf: dict[str, float] = {}  # every bigram as rare as any
    po, pn = (cand.profile(k, idf) for k in keys)
    s, st_ = cand.score_pair(po, pn, idf), Settings()
    assert link.is_wholly_contained(s, st_) and link.is_contained(s, st_)
    assert s.units is not None  # the unit search did not run
    plain = cand.score_pair(po, pn, idf)
    assert plain.part_cover >= st_.unit_cover_threshold  # the answer with it is the same
    cand.forget_texts()


def plain_contains_beyond_lists(pair, i, j, s, settings, strong) -> bool:
    """`contains_beyond_lists` as first written: the pair without listed places always
    scored anew (without the unit floor)."""
    if not link.may_contain(pair, i, j):
        return False
    if not (link.is_contained(s, settings) or (strong and link.is_strong_part(s, settings))):
        return False
    bare = cand.score_pair(pair.bare(pair.oprof, i), pair.bare(pair.nprof, j), pair.idf)
    return link.is_contained(bare, settings) or (strong and link.is_strong_part(bare, settings))


@pytest.mark.parametrize(
    "changed", [{}, {"strong_unit_weight": 10.0, "strong_unit_cover": 0.0}], ids=["", "weak"]
)
def test_containment_beyond_lists_as_when_the_bare_pair_was_always_scored(monkeypatch, changed):
    st_ = Settings(**changed)
    seen: list[tuple[bool, bool]] = []
    contains = link.contains_beyond_lists

    def both(pair, i, j, s, settings, strong) -> bool:
        got = contains(pair, i, j, s, settings, strong)
        seen.append((got, plain_contains_beyond_lists(pair, i, j, s, settings, strong)))
        return got

    monkeypatch.setattr(link, "contains_beyond_lists", both)
    for a, b in [(S2013, S2019), (S2019, S2020)]:
        align(seed(a), seed(b), st_)
    assert seen and all(got == want for got, want in seen)
    assert any(got for got, _ in seen) and not all(got for got, _ in seen)


def test_feature_ids_are_numbered_as_first_met():
    clauses = seed(S2019).clauses[:60]
    ids = numbering(["内蒙", "◇呼和浩特"])
    plain: dict[str, int] = {"内蒙": 0, "◇呼和浩特": 1}
    for c in clauses:
        got = held(c, ids)
        _, gram_text, others, _, _ = held_features(c.key, is_title(c))
        every = list(every_feature(gram_text, others))
        want = array("i", [plain.setdefault(f, len(plain)) for f in every])
        assert got.ids == want
    assert {f: ID.unpack(b)[0] for f, b in ids.items()} == plain


def test_releasing_keys_before_the_evidence_context_gives_the_same_links(monkeypatch):
    old, new = seed(S2019), seed(S2020)
    kept = align(old, new, Settings())
    monkeypatch.setattr(link, "EARLY_FORGET", 0)
    seen: list[int] = []
    make_context = link.make_context

    def counted(*args):
        seen.append(cand.bigrams.cache_info().currsize)
        return make_context(*args)

    monkeypatch.setattr(link, "make_context", counted)
    assert align(old, new, Settings()) == kept
    assert seen == [0]


@given(
    st.integers(min_value=2, max_value=200_000),
    st.lists(st.integers(min_value=1, max_value=5_000), min_size=2, max_size=80),
    st.randoms(use_true_random=False),
)
@settings(max_examples=200, deadline=None)
def test_shared_weights_sum_alike_in_any_order(n, counts, rnd):
    """Set order follows string hashing: a sum of rarity weights must not depend on it, or two
    clauses of a repeated passage tie one way in one run and the other way in the next."""
    weights = [cand.idf_at(n, c) for c in counts]
    shuffled = weights[:]
    rnd.shuffle(shuffled)
    assert sum(weights) == sum(shuffled)
    assert sum(weights) == math.fsum(weights)  # and exact


def test_dyadic_weights_stay_within_a_millionth():
    for n, c in [(10, 1), (1_000, 3), (70_000, 17), (70_000, 69_000)]:
        exact = max(0.05, cand.UNSEEN * math.log((n + 1) / (c + 0.5)) / math.log((n + 1) / 1.5))
        assert abs(cand.idf_at(n, c) - exact) <= cand.GRAIN / 2
        assert (cand.idf_at(n, c) / cand.GRAIN).is_integer()


def both_ways_agree(keys_old: list[str], keys_new: list[str], limit: int, min_idf: float) -> None:
    """`candidates_both_ways` gives each side's `candidates` among the other, and so does
    one pass over either side's rows, its index kept to the rows' bigrams or not."""
    idf, _ = cand.rarity_weights([*keys_old, *keys_new])
    old = [cand.bigrams(cand.match_key(k)) for k in keys_old]
    new = [cand.bigrams(cand.match_key(k)) for k in keys_new]
    forward, backward = cand.candidates_both_ways(old, new, idf, limit, min_idf)
    assert forward == aligntools.candidates(old, new, idf, limit, min_idf)
    assert backward == aligntools.candidates(new, old, idf, limit, min_idf)
    for prune_at in (0.0, math.inf):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(cand, "PRUNE_AT", prune_at)
            assert cand.rows_and_columns(old, new, idf, limit, min_idf) == (forward, backward)
            assert cand.rows_and_columns(new, old, idf, limit, min_idf) == (backward, forward)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(0, 60), st.sampled_from([0.5, 1.25, 2.0, 5.0, 7.25])),
    st.integers(min_value=0, max_value=5),
)
def test_best_takes_the_heaviest_then_the_first_in_reading_order(acc, limit):
    assert cand.best(acc, limit) == sorted(acc, key=lambda j: (-acc[j], j))[:limit]


def test_an_index_kept_to_the_rows_bigrams_is_the_whole_index_they_read():
    idf, _ = cand.rarity_weights([c.key for c in seed(S2013).clauses])
    side = [cand.bigrams(cand.match_key(c.key)) for c in seed(S2013).clauses]
    rows = side[:5]
    among = cand.reachable(rows, side)
    assert among == set().union(*rows)
    kept = cand.rare_postings(side, idf, 1.0, among)
    whole = cand.rare_postings(side, idf, 1.0)
    assert kept and kept.keys() < whole.keys()
    assert all(kept[b] == whole[b] for b in kept)
    assert all(b not in kept for b in whole.keys() - among)
    assert cand.reachable(side, rows) is None  # the index the lighter side: kept whole
    cand.forget_texts()


def test_candidates_both_ways_are_the_two_one_way_searches_on_seed_clauses():
    old = [c.key for c in seed(S2019).clauses]
    new = [c.key for c in seed(S2020).clauses]
    for limit, min_idf in [(3, 0.0), (3, 2.5), (10, 1.0)]:
        both_ways_agree(old, new, limit, min_idf)
    cand.forget_texts()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(CLAUSE, min_size=1, max_size=8),
    st.lists(CLAUSE, min_size=1, max_size=8),
    st.integers(min_value=1, max_value=4),
    st.floats(min_value=0.0, max_value=5.0),
)
def test_candidates_both_ways_are_the_two_one_way_searches(old, new, limit, min_idf):
    both_ways_agree([*old, old[0]], [*new, new[-1]], limit, min_idf)  # repeated sentences too
    cand.forget_texts()


def plain_attach(pair: link._Pair, groups: list, st_: Settings) -> list:
    """`attach_leftovers` as first written: the containment test before any other."""
    by_old = {i: g for g in groups for i in g.old}
    by_new = {j: g for g in groups for j in g.new}
    for (i, j), s in sorted(pair.scores.items(), key=lambda e: (-e[1].shared, e[0])):
        if not link.fits(pair, s, i, j, st_):
            continue
        if i not in by_old and j in by_new:
            g = by_new[j]
            if len(g.new) == 1 and link.can_join(pair.old, g.old, i, st_):
                g.old.append(i)
                g.how = "merged"
                by_old[i] = g
        elif j not in by_new and i in by_old:
            g = by_old[i]
            if (
                len(g.old) == 1
                and link.can_join(pair.new, g.new, j, st_)
                and not link.whole(pair, g)
            ):
                g.new.append(j)
                g.how = "split"
                by_new[j] = g
    return groups


def test_leftovers_attach_as_when_containment_was_tested_first(monkeypatch):
    st_ = Settings()
    seen: list[tuple[list, list]] = []
    attach = link.attach_leftovers

    def both(pair: link._Pair, groups: list, st: Settings) -> list:
        fresh = [link._Group(g.old[:], g.new[:], g.how) for g in groups]
        got = attach(pair, groups, st)
        want = plain_attach(pair, fresh, st)
        seen.append(
            ([(g.old[:], g.new[:], g.how) for g in got], [(g.old, g.new, g.how) for g in want])
        )
        return got

    monkeypatch.setattr(link, "attach_leftovers", both)
    for a, b in [(S2013, S2019), (S2019, S2020)]:
        align(seed(a), seed(b), st_)
    assert seen and all(got == want for got, want in seen)
    assert any(how in ("merged", "split") for got, _ in seen for *_, how in got)


REPEATED = "第一条 推进呼包鄂乌一体化发展，加快和林格尔新区建设。\n第二条 完善基础设施。\n"


def plain_ranked(sp, queries, forward: bool, limit: int, max_df: int) -> dict:
    """`ranked` as first written: every query proposed and scored on its own."""
    side, asked = (sp.new, sp.old) if forward else (sp.old, sp.new)
    norm = sp.new_norm if forward else sp.old_norm
    index = Index(sp, side, max_df)
    out = {}
    for q in queries:
        query = asked[q]
        alike = [k for k in index.propose(query, 2 * limit) if norm[k]]
        alike = [k for k in alike if side[k].title == query.title]
        ij = [(q, k) if forward else (k, q) for k in alike]
        scored = [(k, sp.score(*p), sp.carried(*p)) for k, p in zip(alike, ij, strict=True)]
        out[q] = sorted(scored, key=lambda e: (-e[1], e[0]))
    return out


@pytest.mark.parametrize(
    "texts",
    [
        (seed(S2019), seed(S2020)),
        (
            doc(REPEATED * 3 + "第三条 加快和林格尔新区建设。\n"),
            doc(REPEATED.replace("加快", "全面加快") * 3),
        ),
    ],
    ids=["seeds", "repeated"],
)
def test_rankings_shared_by_repeated_sentences_equal_those_made_one_by_one(texts):
    old, new = (d.clauses for d in texts)
    sp = space(old, new, range(len(old)), range(len(new)))
    for forward, queries in ((True, range(len(old))), (False, range(len(new)))):
        got = ranked(sp, queries, forward, RANKED, 20)
        assert got == plain_ranked(sp, queries, forward, RANKED, 20)
        assert len({id(r) for r in got.values()}) == len(got)  # each query its own list


def test_repeated_sentences_hold_the_very_same_features():
    old = doc(REPEATED * 3).clauses
    sp = space(old, old, range(len(old)), range(len(old)))
    assert len({sp.old[i].ids.tobytes() for i in sp.old}) < len(sp.old)


def assert_same_features(clause_key: str, title: bool) -> None:
    """`held_features` with `every_feature` (the bigrams remembered or cut again) hold what
    `features` holds, each feature once."""
    key, gram_text, others, words, _ = held_features(clause_key, title)
    want = features(clause_key, title)
    assert (key, words) == (want.key, want.words)
    for memo in (True, False):
        every = list(every_feature(gram_text, others, memo))
        assert len(every) == len(set(every))
        assert set(every) == want.all


def test_held_features_name_every_feature_of_the_seeds_once():
    for name in (S2013, S2019, S2020):
        for c in seed(name).clauses:
            assert_same_features(c.key, is_title(c))


NAMED = st.sampled_from(
    [*sorted(thesaurus_terms())[:12], *sorted(place_names())[:12], "和林格尔新区", "物流枢纽"]
)
SEPARATORS = st.sampled_from(["、", "，", "（三）", "包头市、", "(自治区发改委牵头)"])
FEATURE_TEXT = st.lists(st.one_of(NAMED, PIECE, SEPARATORS), max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(FEATURE_TEXT, st.booleans())
def test_held_features_name_every_feature_once(text, title):
    assert_same_features(text, title)


def test_pairs_sharing_too_little_to_link_give_the_links_of_pairs_all_scored(monkeypatch):
    pairs = [(seed(S2013), seed(S2019)), (seed(S2019), seed(S2020)), (seed(S2020), seed(S2019))]
    dormant: list[int] = []
    score_candidates = link.score_candidates

    def counted(pair, *args) -> None:
        score_candidates(pair, *args)
        dormant.append(len(pair.dormant))

    monkeypatch.setattr(link, "score_candidates", counted)
    kept = [align(old, new, Settings()) for old, new in pairs]
    assert sum(dormant) > 0
    monkeypatch.setattr(link, "linking_floor", lambda settings: -math.inf)  # every pair scored
    monkeypatch.setattr(link, "containment_floor", lambda settings, strong: -math.inf)
    assert [align(old, new, Settings()) for old, new in pairs] == kept


def test_a_dormant_pair_is_scored_when_asked_whether_it_is_whole():
    old = doc("第一条 推进基础设施建设。\n第二条 完善合作区。\n")
    new = doc("第一条 推进基础设施建设。\n")
    pair = link._Pair(old=list(old.clauses), new=list(new.clauses), idf={})
    pair.oprof = [pair.profile(c.key) for c in pair.old]
    pair.nprof = [pair.profile(c.key) for c in pair.new]
    pair.dormant.add((0, 0))
    assert link.whole(pair, link._Group([0], [0], "phrase"))
    assert not link.whole(pair, link._Group([1], [0], "phrase"))  # neither scored nor dormant
    cand.forget_texts()


def counted_sections(old: list, new: list, votes: list) -> frozenset:
    """`align_sections` as first written, its tallies in Counters."""
    from collections import Counter

    from compare.align.sections import KEEP_SHARE, KEEP_TOP, prefixes

    by_paths: Counter = Counter()
    for i, j, w in votes:
        by_paths[(old[i].section, new[j].section)] += w
    tally: Counter = Counter()
    for (po, pn), w in by_paths.items():
        for p in prefixes(po):
            for q in prefixes(pn):
                tally[(p, q)] += w
    best: dict = {}
    for (p, q), w in tally.items():
        best.setdefault((p, len(q)), []).append((w, q))
    kept = set()
    for (p, _depth), found in best.items():
        found.sort(key=lambda e: (-e[0], e[1]))
        kept |= {(p, q) for w, q in found[:KEEP_TOP] if w >= KEEP_SHARE * found[0][0]}
    return frozenset(kept)


def test_sections_aligned_as_when_tallied_in_counters():
    from compare.align.sections import align_sections

    old, new = seed(S2019).clauses, seed(S2020).clauses
    votes = [(i, (i * 7) % len(new), 0.1 + (i % 5) * 0.35) for i in range(len(old))]
    found = align_sections(old, new, votes).pairs
    assert found and found == counted_sections(old, new, votes)


def plain_notes_and_votes(old, new, links) -> tuple[list, list]:
    """What `follow_items` pairs notes from, as first written: every clause tested for an
    agency note by each helper that asks, every link's sides made again without notes."""
    from collections import Counter

    from compare.structure.facts import is_agency_note

    def items(d) -> dict:
        out: dict = {}
        members: list = []
        for c in d.clauses:
            if members and members[-1].section_id != c.section_id:
                members = []
            if is_agency_note(c.text):
                out[c.id] = [m.id for m in members]
                members = []
            else:
                members.append(c)
        return out

    old_notes = {c.id for c in old.clauses if is_agency_note(c.text)}
    new_notes = {c.id for c in new.clauses if is_agency_note(c.text)}
    kept = []
    for k in links:
        olds = tuple(i for i in k.old if i not in old_notes)
        news = tuple(j for j in k.new if j not in new_notes)
        if olds and news:
            same = len(olds) == len(k.old) and len(news) == len(k.new)
            kept.append(k if same else Link(olds, news, k.similarity, k.how))
    partner = {i: j for k in kept for i in k.old for j in k.new}
    closing = {m: note for note, members in items(new).items() for m in members}
    found = []
    for note, members in items(old).items():
        votes = Counter(closing[partner[c]] for c in members if partner.get(c) in closing)
        for target, n in votes.items():
            found.append((old.clause(note).key == new.clause(target).key, n, note, target))
    return kept, found


NOTED = (
    "一、基础设施\n（一）推进呼包鄂乌一体化发展。（自治区发展改革委牵头，各盟市配合）\n"
    "（二）完善交通网络，加快铁路建设。（自治区交通运输厅牵头）\n"
)


@pytest.mark.parametrize(
    "texts",
    [
        (seed(S2013), seed(S2019)),
        (seed(S2019), seed(S2013)),
        (doc(NOTED), doc(NOTED.replace("交通运输厅", "发展改革委").replace("加快", "全面加快"))),
    ],
    ids=["notes-old", "notes-new", "notes-both"],
)
def test_agency_notes_and_votes_as_when_each_clause_was_tested_again(monkeypatch, texts):
    from compare.align import brackets

    old, new = texts
    seen: list[tuple] = []

    def both(o, n, links) -> tuple:
        notes = (brackets.notes_of(o), brackets.notes_of(n))
        kept = [k for k in (brackets.without(x, *notes) for x in links) if k]
        seen.append(
            ((kept, brackets.candidates(o, n, kept, notes)), plain_notes_and_votes(o, n, links))
        )
        return brackets.follow_items(o, n, links)

    monkeypatch.setattr(link, "follow_items", both)
    align(old, new, Settings())
    assert seen and all(got == want for got, want in seen)
    if old.source.path == "fixture.txt":  # both sides hold notes: some follow their items
        assert any(votes for (_, votes), _ in seen)


def test_items_of_reads_the_notes_given_as_it_finds_them():
    from compare.align.brackets import closing_notes, items_of, notes_of

    d = seed(S2013)
    assert notes_of(d)
    assert items_of(d, notes_of(d)) == items_of(d)
    assert closing_notes(d, notes_of(d)) == closing_notes(d)
