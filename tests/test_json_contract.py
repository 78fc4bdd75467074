"""The JSON contract: diff and timeline output validate against docs/json-schema.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aligntools import ROOT, S2019, S2020, compare_texts, seed

from compare.model import SCHEMA_VERSION
from compare.pipeline import compare_documents, timeline_documents
from compare.render.json_out import comparison_dict, dumps, timeline_chunks, timeline_dict

SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref`."""
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def errors(value: Any, node: dict[str, Any], where: str = "$") -> list[str]:
    """Violations of the schema subset we use: type, enum, required, properties, items."""
    node = resolve(node)
    found: list[str] = []
    for part in node.get("allOf", []):
        found += errors(value, part, where)
    if "oneOf" in node:
        if sum(not errors(value, part, where) for part in node["oneOf"]) != 1:
            found.append(f"{where}: matches not exactly one of oneOf")
        return found
    kinds = node.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds or []
    if kinds and not any(type_ok(value, k) for k in kinds):
        return [f"{where}: {type(value).__name__} is not {kinds}"]
    if "enum" in node and value not in node["enum"]:
        found.append(f"{where}: {value!r} not in {node['enum']}")
    if isinstance(value, dict):
        found += [f"{where}: missing {k}" for k in node.get("required", []) if k not in value]
        for k, sub in node.get("properties", {}).items():
            if k in value:
                found += errors(value[k], sub, f"{where}.{k}")
    if isinstance(value, list):
        found += list_errors(value, node, where)
    return found


def list_errors(value: list, node: dict[str, Any], where: str) -> list[str]:
    """Violations of prefixItems, items and minItems."""
    found = []
    if len(value) < node.get("minItems", 0):
        found.append(f"{where}: fewer than {node['minItems']} items")
    prefix = node.get("prefixItems", [])
    for i, sub in enumerate(prefix[: len(value)]):
        found += errors(value[i], sub, f"{where}[{i}]")
    rest = node.get("items")
    if rest is False and len(value) > len(prefix):
        found.append(f"{where}: more than {len(prefix)} items")
    elif isinstance(rest, dict):
        for i, item in enumerate(value[len(prefix) :], len(prefix)):
            found += errors(item, rest, f"{where}[{i}]")
    return found


def type_ok(value: Any, kind: str) -> bool:
    """JSON type check (a bool is not an integer)."""
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[kind])


@pytest.fixture(scope="module")
def seed_pair() -> dict[str, Any]:
    """The 2019 → 2020 seed comparison, as JSON text read back."""
    return json.loads(dumps(comparison_dict(compare_documents(seed(S2019), seed(S2020)))))


def test_diff_output_validates(seed_pair):
    assert errors(seed_pair, SCHEMA) == []
    assert seed_pair["schema_version"] == SCHEMA_VERSION


def test_the_validator_catches_a_broken_output(seed_pair):
    broken = json.loads(json.dumps(seed_pair))
    broken["changes"][0]["kind"] = "renamed"
    del broken["old"]["clauses"][0]["facts"]
    broken["changes"][1]["diff"] = [["equal"]]
    found = errors(broken, resolve({"$ref": "#/$defs/comparison"}))
    assert any("renamed" in e for e in found)
    assert any("missing facts" in e for e in found)
    assert any("fewer than 2" in e for e in found)


def test_every_clause_id_in_exactly_one_change(seed_pair):
    for side in ("old", "new"):
        ids = [i for ch in seed_pair["changes"] for i in ch[side]]
        assert sorted(ids) == sorted(c["id"] for c in seed_pair[side]["clauses"])
    assert sum(seed_pair["summary"].values()) == len(seed_pair["changes"])


def test_revised_changes_carry_their_evidence_and_diff():
    cmp = compare_texts("研究建设呼和浩特区域枢纽机场。", "加快建设呼和浩特区域枢纽机场。")
    change = comparison_dict(cmp)["changes"][0]
    assert change["kind"] == "revised"
    assert {"kind": "strengthened", "old": "研究", "new": "加快"}.items() <= change["revisions"][
        0
    ].items()
    assert ["delete", "研究"] in change["diff"] and ["insert", "加快"] in change["diff"]


def test_timeline_output_validates():
    docs = (seed(S2019), seed(S2020))
    out = json.loads(dumps(timeline_dict(timeline_documents(docs))))
    assert errors(out, SCHEMA) == []
    assert [d["version"] for d in out["documents"]] == [0, 1]
    assert out["transitions"][0]["summary"]["new"] > 0


def test_streamed_timeline_with_chosen_threads_validates():
    tl = timeline_documents((seed(S2019), seed(S2020)))
    keep = {t.id for t in tl.threads[::3]}
    out = json.loads("".join(timeline_chunks(tl, keep)))
    assert errors(out, SCHEMA) == []
    assert [t["id"] for t in out["threads"]] == [t.id for t in tl.threads if t.id in keep]
    assert out["documents"] == json.loads(dumps(timeline_dict(tl)))["documents"]
