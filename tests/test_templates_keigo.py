"""The built templates page: its models come from the composer's data and keep the keigo
rules (issue 11): the phone notes say 御社 and never 貴社, the emails 貴社 and never 御社."""

from __future__ import annotations

import importlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

composer = importlib.import_module("checker.compose")
PAGES = ("templates.html", "en/templates.html")
SECTIONS = ("phone-script", "phone-if-out", "phone-unreached", "email", "email-after-refusal",
            "adapt", "after-sending")
MODELS = [m["id"] for m in composer.spec()["models"]]


class _Models(HTMLParser):
    """Each model part's Japanese text (its <code>), register and the section it sits in;
    the page's whole text; the heading ids."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[dict[str, str]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._model = ""
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("h2", "h3") and found.get("id"):
            self.headings.append(found["id"] or "")
        if "data-composer-model" in found:
            self._model = found["data-composer-model"] or ""
        if "data-composer-part" in found:
            self.parts.append({"model": self._model, "section": self.headings[-1],
                               "part": found["data-composer-part"] or "",
                               "register": found.get("data-register") or "", "code": "",
                               "gloss": ""})
        if tag == "code" and self.parts and not self.parts[-1]["code"]:
            self._in_code = True
        if tag == "p" and "composer-gloss__en" in (found.get("class") or ""):
            self.parts[-1]["gloss"] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_code:
            self.parts[-1]["code"] += data
        elif self.parts and self.parts[-1]["gloss"]:
            self.parts[-1]["gloss"] += data


@pytest.fixture(scope="module", params=PAGES)
def page(request: pytest.FixtureRequest, built_site: Path) -> tuple[str, _Models]:
    parser = _Models()
    parser.feed((built_site / request.param).read_text(encoding="utf-8"))
    return request.param, parser


def test_every_section_is_there_and_holds_its_model(page):
    """The fixed section ids exist; each model sits under the section of its own id."""
    _, parsed = page
    assert [s for s in SECTIONS if s not in parsed.headings] == []
    assert sorted({p["model"] for p in parsed.parts}) == sorted(MODELS)
    for part in parsed.parts:
        assert part["section"] == part["model"], part


def test_the_phone_notes_say_onsha_and_never_kisha(page):
    """Spoken parts (the phone notes) call the company 御社, never 貴社."""
    _, parsed = page
    speech = [p for p in parsed.parts if p["register"] == "speech"]
    assert speech and all("貴社" not in p["code"] for p in speech)
    assert all("御社" in p["code"] for p in speech if p["model"] == "phone-script")


def test_the_emails_say_kisha_and_never_onsha(page):
    """Written parts (subjects and emails) call the company 貴社, never 御社."""
    _, parsed = page
    writing = [p for p in parsed.parts if p["register"] == "writing"]
    assert writing and all("御社" not in p["code"] for p in writing)
    emails = [p for p in writing if p["part"] == "email"]
    expected = sum("email" in m["parts"] for m in composer.spec()["models"])
    assert len(emails) == expected and all("貴社" in p["code"] for p in emails)


def test_no_unidiomatic_or_banned_phrase_on_the_page(page):
    """No 採用の予定 anywhere on the page, and no phrase the keigo rules ban in a model."""
    _, parsed = page
    assert "採用の予定" not in "".join(parsed.text)
    for part in parsed.parts:
        for phrase in composer.spec()["keigo"]["banned"]:
            assert phrase not in part["code"], (part["model"], phrase)


def test_the_models_are_the_composers_with_placeholders(page):
    """Each model's Japanese is the composer's model text, ［…］ in place of the details."""
    name, parsed = page
    lang = "en" if name.startswith("en/") else "ja"
    for part in parsed.parts:
        expected = next(p for p in composer.model(part["model"], lang)["parts"]
                        if p["part"] == part["part"])
        assert part["code"] == expected["text"]
        assert "［氏名］" in part["code"] or part["part"] == "phone_if_out" and "［" in part["code"]


def test_english_readers_get_the_gloss_beside_the_japanese(page):
    """On the English page every part has its English meaning; the Japanese page has none."""
    name, parsed = page
    english = name.startswith("en/")
    for part in parsed.parts:
        assert bool(part["gloss"].strip()) == english, part["model"]
    if english:
        assert "The Japanese is what goes to the company" in "".join(parsed.text)
        assert "Thank you for your continued support." in " ".join(p["gloss"] for p in parsed.parts)
