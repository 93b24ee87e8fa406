"""Property-based tests: arbitrary text in every detail never crashes the composer, never
leaves a placeholder, and every invalid value gets the clear error naming its field."""

from __future__ import annotations

import datetime
import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

import checker

composer = importlib.import_module("checker.compose")
SPEC = composer.spec()
IDS = composer.field_ids()
CHOICES = {"reason": [r["id"] for r in SPEC["reasons"]],
           "call_status": [s["id"] for s in SPEC["statuses"]]}
CHOICES |= {f["id"]: [c["id"] for c in f["choices"]] for f in SPEC["fields"] if "choices" in f}
DATES = [f["id"] for f in SPEC["fields"] if f.get("input") == "date"]
NEEDS_NOTE = {r["id"] for r in SPEC["reasons"] if r.get("uses_note")}
FREE = [f for f in IDS if f not in CHOICES and f not in DATES]
REQUIRED = [f["id"] for f in SPEC["fields"] if f.get("required")]
PLACEHOLDERS = [f["placeholder"]["ja"] for f in SPEC["fields"]]
LIMIT = SPEC["max_length"]
TODAY = datetime.date(2026, 12, 1)
# What counts as a control character, stated apart from the engine: categories Cc and Cs,
# the line and paragraph separators and the bidirectional formatting characters.
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029,
                             *range(0x202A, 0x202F), *range(0x2066, 0x206A))]

one_line = st.text(st.characters(blacklist_categories=("Cc", "Cs"),
                                 blacklist_characters="".join(CONTROLS)), max_size=LIMIT)
filled = one_line.filter(lambda text: text.strip() != "")
dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=TODAY).map(str)
EXAMPLES = settings(max_examples=60, deadline=None)


def _details(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, str]]:
    """Every required detail filled with `text`, every other one maybe."""
    optional = {f: text for f in FREE if f not in REQUIRED}
    optional |= {field: dates for field in DATES}
    optional |= {field: st.sampled_from(CHOICES[field]) for field in CHOICES if field != "reason"}
    required = {f: text for f in REQUIRED if f != "reason"}
    required["reason"] = st.sampled_from(CHOICES["reason"])
    return st.fixed_dictionaries(required, optional=optional)


@EXAMPLES
@given(_details(filled), st.sampled_from(checker.LANGS))
def test_any_text_in_every_field_gives_a_complete_draft(details, lang):
    """Arbitrary one-line text in every detail: a draft, nothing unfilled, no placeholder left
    (other than one the reader typed), every value where it belongs."""
    if details["reason"] in NEEDS_NOTE:
        details = details | {"reason_note": details["name"]}
    draft = checker.compose(details, lang, today=str(TODAY))
    assert draft["unfilled"] == []
    typed = " ".join(details.values())
    texts = "\n".join(draft[part] for part in composer.PARTS)
    assert not [p for p in PLACEHOLDERS if p in texts and p not in typed]
    assert details["company"].strip() in draft["email"]
    assert details["name"].strip() in draft["subject"]
    if lang == "en":
        assert "\n".join(line["ja"] for line in draft["gloss"]["email"]) == draft["email"]


@EXAMPLES
@given(st.dictionaries(st.sampled_from(IDS), st.text(max_size=LIMIT + 20)),
       st.sampled_from(checker.LANGS))
def test_any_text_at_all_gives_a_draft_or_the_clear_error(details, lang):
    """Any text in any field: a draft, or InvalidDetail naming a field that was given."""
    try:
        draft = checker.compose(details, lang, today=str(TODAY))
    except composer.InvalidDetail as error:
        assert error.field in details and "accepted" in str(error)
    else:
        assert set(draft["missing"]) | set(draft["unfilled"]) <= set(IDS)


def _one_bad(field: str, text: str, pick: int) -> tuple[str, str]:
    """A bad value for field, of a kind that field can get wrong."""
    kinds = ["control", "long"]
    if field in CHOICES or field == "declined_on":
        kinds.append("unknown")
    kind = kinds[pick % len(kinds)]
    if kind == "control":
        return kind, text[:LIMIT // 2] + CONTROLS[pick % len(CONTROLS)] + "x"
    if kind == "long":
        return kind, "字" * (LIMIT + 1 + pick % 50)
    return kind, "2026-12-02" if field == "declined_on" and pick % 2 else "zz-" + text


@EXAMPLES
@given(_details(filled), st.sampled_from(IDS), one_line, st.integers(0, 1000))
def test_an_invalid_value_always_gets_the_clear_error(details, field, text, pick):
    """One bad value among good ones: InvalidDetail naming that field and what is accepted."""
    kind, bad = _one_bad(field, text, pick)
    try:
        checker.compose(details | {field: bad}, "en", today=str(TODAY))
    except composer.InvalidDetail as error:
        assert error.field == field, (kind, bad, str(error))
        assert str(error).startswith(f"{field}:") and "accepted" in str(error)
    else:
        raise AssertionError(f"{kind} value {bad!r} for {field} was accepted")


@EXAMPLES
@given(st.text(min_size=1, max_size=20).filter(lambda key: key not in IDS))
def test_an_unknown_field_always_gets_the_clear_error(key):
    """Any other field id: InvalidDetail listing the accepted ids."""
    try:
        checker.compose({key: "x"})
    except composer.InvalidDetail as error:
        assert error.field == key and "accepted: " + ", ".join(IDS) in str(error)
    else:
        raise AssertionError(f"field {key!r} was accepted")
