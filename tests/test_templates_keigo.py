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


# --- the static models written on the page (not the composer's) ---------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs"
# Each static model's section id and its register: spoken (御社) or written (貴社).
STATIC_MODELS = {"decline-other-phone": "speech", "decline-other-email": "writing",
                 "apology-letter": "writing", "confirm-acceptance": "writing"}
COMPANY = {"speech": ("御社", "貴社"), "writing": ("貴社", "御社")}


def _static_models(name: str) -> dict[str, str]:
    """The ```text blocks of a templates page, keyed by the id of the heading above them."""
    models: dict[str, str] = {}
    section, block = "", None
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and "{#" in line:
            section = line.split("{#")[1].rstrip("}")
        elif line == "```text":
            block = []
        elif line == "```" and block is not None:
            models[section] = "\n".join(block)
            block = None
        elif block is not None:
            block.append(line)
    return models


@pytest.mark.parametrize("name", ["templates.md", "templates.en.md"])
def test_static_models_keep_the_register_and_the_banned_phrases(name):
    """Every promised static model is there, says 御社 on the phone and 貴社 in writing, and
    uses no phrase the keigo rules ban (nor 身勝手)."""
    models = _static_models(name)
    assert sorted(STATIC_MODELS) == sorted(models)
    banned = [*composer.spec()["keigo"]["banned"], "身勝手"]
    for section, register in STATIC_MODELS.items():
        use, avoid = COMPANY[register]
        assert use in models[section] and avoid not in models[section], section
        assert [p for p in banned if p in models[section]] == [], section


def test_english_page_shows_the_same_japanese_with_its_meaning():
    """The English page sends the very Japanese of the Japanese page, and explains each one."""
    assert _static_models("templates.en.md") == _static_models("templates.md")
    text = (DOCS / "templates.en.md").read_text(encoding="utf-8")
    assert text.count("What it means:") == len(STATIC_MODELS)
    assert "Type your details in Japanese" in text
