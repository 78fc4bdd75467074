"""The model's compact layout: slotted dataclasses that pickle, copy and replace as before."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from collections.abc import Callable

import pytest
from clitools import S2019

from compare import model
from compare.model import record
from compare.pipeline import load_document

WITH_CACHES = {model.Document, model.Timeline}
"""Classes that keep a lazily built index in their `__dict__`."""


def model_dataclasses() -> list[type]:
    return [
        cls
        for cls in vars(model).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == model.__name__
    ]


def test_every_model_dataclass_but_the_cached_ones_is_slotted() -> None:
    for cls in model_dataclasses():
        assert ("__slots__" in vars(cls)) is (cls not in WITH_CACHES), cls.__name__


def test_a_parsed_document_round_trips_through_pickle_field_for_field() -> None:
    doc = load_document(str(S2019))
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.clauses == doc.clauses
    assert back.sections == doc.sections
    assert back.source == doc.source
    assert back.clean.text == doc.clean.text and back.clean.origin == doc.clean.origin
    assert back.clean.repairs == doc.clean.repairs
    assert [type(c.facts.strength) for c in back.clauses] == [model.Strength] * len(doc.clauses)


def test_slotted_values_copy_replace_and_hash_as_before() -> None:
    clause = load_document(str(S2019)).clauses[3]
    assert copy.copy(clause) == clause == copy.deepcopy(clause)
    assert dataclasses.replace(clause, id="c99").id == "c99"
    assert hash(clause) == hash(pickle.loads(pickle.dumps(clause)))
    assert dataclasses.asdict(clause)["facts"] == dataclasses.asdict(clause.facts)
    change = model.Change(model.ChangeKind.NEW, (), ("c1",))
    assert pickle.loads(pickle.dumps(change)) == change
    assert not hasattr(clause, "__dict__")


def test_a_key_equal_to_the_text_arrives_as_the_same_string() -> None:
    clauses = load_document(str(S2019)).clauses
    back = pickle.loads(pickle.dumps(clauses))
    assert back == clauses
    assert any(c.key == c.text for c in clauses) and any(c.key != c.text for c in clauses)
    assert all((c.key is c.text) is (c.key == c.text) for c in back)


def twin_classes(**options: bool) -> list[tuple[type, type]]:
    """The same classes made by `dataclasses` and by `record`: none, one and three fields."""

    def made(decorate: Callable[[type], type]) -> list[type]:
        class Empty:
            pass

        class One:
            a: object

        class Three:
            a: object
            b: object = dataclasses.field(default=0, compare=False)
            c: object = dataclasses.field(default=0, repr=False, hash=False)

        return [decorate(cls) for cls in (Empty, One, Three)]

    frozen = options.get("frozen", True)
    plain = made(dataclasses.dataclass(frozen=frozen))
    shared = made(record(slots=False, frozen=frozen))
    return list(zip(plain, shared, strict=True))


@pytest.mark.parametrize("frozen", [True, False])
def test_record_gives_the_repr_equality_and_hash_dataclasses_give(frozen):
    nan = float("nan")
    for plain, shared in twin_classes(frozen=frozen):
        count = len(dataclasses.fields(plain))
        for values in ([1, "x", (2,)], [nan, nan, nan], [1, 2, 3], [1, "y", 4]):
            p, q = plain(*values[:count]), plain(*[1, "x", (2,)][:count])
            s, t = shared(*values[:count]), shared(*[1, "x", (2,)][:count])
            assert repr(s).split("(", 1)[1] == repr(p).split("(", 1)[1]
            assert (s == t) == (p == q) and (s == s) == (p == p) and (s != t) == (p != q)
            assert (s == p) is False
            if frozen:
                assert hash(s) == hash(p)
            else:
                assert type(s).__hash__ is None is type(p).__hash__


def test_record_without_equality_compares_and_hashes_by_identity_as_dataclasses_do():
    plain, shared = (
        decorate(type("Pair", (), {"__annotations__": {"a": "object", "b": "object"}}))
        for decorate in (
            dataclasses.dataclass(frozen=True, eq=False),
            record(slots=False, eq=False),
        )
    )
    p, s = plain(1, [2]), shared(1, [2])
    assert repr(s) == repr(p) == "Pair(a=1, b=[2])"
    assert s == s and s != shared(1, [2]) and (p == p) and p != plain(1, [2])
    assert type(s).__hash__ is object.__hash__ is type(p).__hash__
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.a = 2  # type: ignore[misc]


def twin_pairs(frozen: bool, slots: bool) -> tuple[type, type]:
    """One class made by `dataclasses` and by `record`: a required field, a default, a
    factory, a field left out of equality and one out of the repr."""

    def made(decorate: Callable[[type], type]) -> type:
        class Mixed:
            """Fields of every kind `record` takes."""

            a: object
            b: object = 2
            c: list = dataclasses.field(default_factory=list)
            d: object = dataclasses.field(default=None, compare=False, repr=False)

        return decorate(Mixed)

    plain = made(dataclasses.dataclass(frozen=frozen, slots=slots))
    return plain, made(record(frozen=frozen, slots=slots))


def init_parameters(cls: type) -> list[tuple[str, object]]:
    """(name, default) of `cls`'s `__init__`, a factory's marker default as `factory`."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    plain = (2, None, inspect.Parameter.empty)
    return [(p.name, p.default if p.default in plain else "factory") for p in params]


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize("slots", [True, False])
def test_record_init_takes_and_sets_what_the_dataclass_init_does(frozen, slots):
    plain, shared = twin_pairs(frozen, slots)
    first = shared(1)  # the first call writes the class's own `__init__`
    assert init_parameters(shared) == init_parameters(plain)
    assert init_parameters(plain) == [
        ("a", inspect.Parameter.empty),
        ("b", 2),
        ("c", "factory"),
        ("d", None),
    ]
    for args, kwargs in [((1,), {}), ((1, 3, [4], 5), {}), ((), {"a": 1, "d": 6, "c": [7]})]:
        p, s = plain(*args, **kwargs), shared(*args, **kwargs)
        assert dataclasses.astuple(s) == dataclasses.astuple(p)
        assert repr(s).split("(", 1)[1] == repr(p).split("(", 1)[1]
    assert shared(1).c is not first.c and first.c == []
    for args, kwargs in [((), {}), ((1, 2, 3, 4, 5), {}), ((1,), {"a": 2}), ((1,), {"e": 2})]:
        with pytest.raises(TypeError):
            plain(*args, **kwargs)
        with pytest.raises(TypeError):
            shared(*args, **kwargs)
    assert dataclasses.replace(first, b=9) == shared(1, 9)


@pytest.mark.parametrize("slots", [True, False])
def test_a_frozen_record_refuses_changes_and_pickles_and_copies(slots):
    _, shared = twin_pairs(True, slots)
    value = shared(1, "x", [2], 3)
    for change in (lambda: setattr(value, "a", 2), lambda: delattr(value, "b")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            change()
    with pytest.raises(AttributeError):
        value.e = 1  # type: ignore[attr-defined]
    globals()["Mixed"] = shared  # pickle finds the class by its module and name
    shared.__qualname__ = "Mixed"
    try:
        for copied in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
            assert dataclasses.astuple(copied) == dataclasses.astuple(value)
            assert copied == value and type(copied) is shared
    finally:
        del globals()["Mixed"]


def test_a_mutable_record_takes_assignment():
    _, shared = twin_pairs(False, True)
    value = shared(1)
    value.a = 5
    del value.b
    assert value.a == 5 and not hasattr(value, "b")


def test_record_refuses_fields_its_init_would_not_take():
    class Hidden:
        """A field outside `__init__`."""

        a: int = dataclasses.field(default=0, init=False)

    class KeywordOnly:
        """A keyword-only field."""

        a: int = dataclasses.field(default=0, kw_only=True)

    for cls in (Hidden, KeywordOnly):
        with pytest.raises(TypeError):
            record(cls)


def test_every_record_class_builds_from_its_fields_by_position_and_by_name():
    doc = load_document(str(S2019))
    for value in (doc.source, doc.clean, doc.sections[1], doc.clauses[5], doc.clauses[5].facts):
        cls = type(value)
        values = [getattr(value, f.name) for f in dataclasses.fields(cls)]
        by_name = {f.name: getattr(value, f.name) for f in dataclasses.fields(cls)}
        for made in (cls(*values), cls(**by_name)):
            assert [getattr(made, f.name) for f in dataclasses.fields(cls)] == values
    assert model.Settings() == model.Settings(*dataclasses.astuple(model.Settings()))
