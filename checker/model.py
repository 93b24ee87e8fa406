"""Immutable data types shared by the loader, the engine and the renderers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .data import read_data


class RulesError(ValueError):
    """The data is malformed; the message starts with the path of the bad entry."""


@dataclass(frozen=True, slots=True)
class Language:
    """A language of the site: its id, whether its pages show the Japanese with a gloss, and
    the marks the build joins texts with (brackets, colon, the gap between sentences)."""

    id: str
    gloss: bool
    brackets: tuple[str, str]
    colon: str
    sentence_gap: str


_MARKS = ("brackets", "colon", "sentence_gap")


def _marks(entry: dict[str, Any]) -> bool:
    """Whether the typography is two bracket strings, a colon and a gap, all strings."""
    brackets = entry["brackets"]
    return (isinstance(brackets, list) and len(brackets) == 2
            and all(isinstance(entry[key], str) for key in ("colon", "sentence_gap"))
            and all(isinstance(mark, str) and mark for mark in brackets))


def _languages(data: object) -> dict[str, Language]:
    """The languages of languages.toml, checked: plain ids, a gloss flag, the first without."""
    entries = data.get("languages") if isinstance(data, dict) and len(data) == 1 else None
    if not isinstance(entries, list) or not entries:
        raise RulesError("languages: expected one array of languages, [[languages]]")
    languages = {}
    for i, entry in enumerate(entries):
        if not (isinstance(entry, dict) and set(entry) == {"id", "gloss", *_MARKS}
                and isinstance(entry["id"], str) and entry["id"].isascii()
                and entry["id"].isalpha() and entry["id"].islower()
                and isinstance(entry["gloss"], bool) and _marks(entry)) or entry["id"] in languages:
            raise RulesError(f"languages[{i}]: expected a new id (lower-case letters), "
                             f"gloss = true or false, {', '.join(_MARKS)}, and no other key")
        languages[entry["id"]] = Language(entry["id"], entry["gloss"], tuple(entry["brackets"]),
                                          entry["colon"], entry["sentence_gap"])
    if next(iter(languages.values())).gloss:
        raise RulesError("languages[0].gloss: the first language is the one messages are "
                         "written in: it takes no gloss")
    return languages


LANGUAGES: dict[str, Language] = _languages(read_data("languages"))
"""The site's languages (checker/languages.toml), the first the default."""
LANGS: tuple[str, ...] = tuple(LANGUAGES)
"""Languages every text exists in; the first is the default."""


class Level(StrEnum):
    """A verdict level; its value is the id used in data, JSON and URLs."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very_low"


LEVELS: tuple[Level, ...] = (Level.HIGH, Level.MODERATE, Level.LOW, Level.VERY_LOW)
"""All levels, most favourable first."""

RANK: dict[Level, int] = {level: i for i, level in enumerate(LEVELS)}
"""Position of each level in LEVELS: a smaller rank is more favourable."""


class InvalidAnswer(ValueError):
    """An answer names an unknown question or option; the message lists what is accepted."""

    def __init__(self, message: str, *, question: str | None = None,
                 value: str | None = None, accepted: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.question = question
        self.value = value
        self.accepted = accepted


def check_lang(lang: object) -> str:
    """Return lang if it is a supported language, else raise ValueError naming those accepted."""
    if isinstance(lang, str) and lang in LANGS:
        return lang
    raise ValueError(f"unknown language {_show(lang)}; accepted: {', '.join(LANGS)}")


def _show(value: object, limit: int = 40) -> str:
    """Render a value for an error message, shortened so huge inputs stay readable."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def glossed(lang: str) -> bool:
    """Whether a page in lang shows the Japanese with its meaning in lang beside it."""
    return LANGUAGES[check_lang(lang)].gloss


class Text(Mapping[str, str]):
    """One text in every language: a read-only mapping of language id to text."""

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str] | None = None, /, **by_lang: str) -> None:
        given = dict(texts or {}, **by_lang)
        if set(given) != set(LANGS):
            raise ValueError(f"a text needs exactly the languages {', '.join(LANGS)}, "
                             f"not {', '.join(given)}")
        self._texts = {lang: given[lang] for lang in LANGS}

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(tuple(self._texts.items()))

    def __repr__(self) -> str:
        return f"Text({self._texts!r})"

    def get(self, lang: str, default: object = None) -> str:  # type: ignore[override]
        """Return the text in lang (validated: an unknown lang raises ValueError)."""
        return self._texts[check_lang(lang)]


@dataclass(frozen=True, slots=True)
class CapException:
    """When a cap is loosened: any of the named answers (as counted) gives `cap` instead."""

    if_any: tuple[tuple[str, frozenset[str]], ...]
    cap: Level | None
    source: str

    def holds(self, effective: dict[str, str]) -> bool:
        """Whether any named question's answer is one of its listed options."""
        return any(effective[qid] in options for qid, options in self.if_any)


@dataclass(frozen=True, slots=True)
class Option:
    """One possible answer to a question, with how it counts and where that rule comes from."""

    id: str
    points: int
    cap: Level | None
    link: str | None
    _label: Text
    _hint: Text
    _effect: Text
    _impact: Text
    _reason: Text | None
    source: str | None = None
    exception: CapException | None = None

    def cap_given(self, effective: dict[str, str]) -> Level | None:
        """The ceiling this answer sets, given every answer as counted (its exception applied)."""
        if self.exception is not None and self.exception.holds(effective):
            return self.exception.cap
        return self.cap

    def label(self, lang: str = "ja") -> str:
        """Short label shown beside the choice."""
        return self._label.get(lang)

    def hint(self, lang: str = "ja") -> str:
        """One line explaining when to choose this answer."""
        return self._hint.get(lang)

    def effect(self, lang: str = "ja") -> str:
        """One plain sentence on how this answer counts, with its points (for staff)."""
        return self._effect.get(lang)

    def impact(self, lang: str = "ja") -> str:
        """How this answer moves the level, in words and without points (for students)."""
        return self._impact.get(lang)

    def reason(self, lang: str = "ja") -> str | None:
        """Why this answer raises, lowers or caps the chance (None when it does neither)."""
        return None if self._reason is None else self._reason.get(lang)

    @property
    def kind(self) -> str | None:
        """How the answer can count: caps, raises, lowers, or None when it never counts."""
        return kind_of(self.points, self.cap)

    def kind_given(self, effective: dict[str, str]) -> str | None:
        """How the answer counts given every answer as counted (its exception applied)."""
        return kind_of(self.points, self.cap_given(effective))


def kind_of(points: int, cap: Level | None) -> str | None:
    """caps, raises, lowers, or None."""
    if cap is not None:
        return "caps"
    if points > 0:
        return "raises"
    if points < 0:
        return "lowers"
    return None


@dataclass(frozen=True, slots=True)
class Question:
    """A question, its options (most favourable first) and how silence counts."""

    id: str
    options: tuple[Option, ...]
    unanswered_as: str
    link: str | None
    _label: Text
    _text: Text
    _hint: Text
    situational: bool = False
    _by_id: dict[str, Option] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {option.id: option for option in self.options})

    def label(self, lang: str = "ja") -> str:
        """Short name of the question (used in lists of unanswered questions)."""
        return self._label.get(lang)

    def text(self, lang: str = "ja") -> str:
        """The question as asked."""
        return self._text.get(lang)

    def hint(self, lang: str = "ja") -> str:
        """One line helping the reader answer."""
        return self._hint.get(lang)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """Option ids, most favourable first."""
        return tuple(option.id for option in self.options)

    def option(self, option_id: str) -> Option:
        """The option with this id (KeyError if none)."""
        return self._by_id[option_id]


@dataclass(frozen=True, slots=True)
class Condition:
    """When a step or warning applies; every part given must hold, an empty one always does."""

    answers: tuple[tuple[str, frozenset[str]], ...] = ()
    levels: frozenset[Level] | None = None
    unanswered: bool | None = None


@dataclass(frozen=True, slots=True)
class Advice:
    """A step or warning: a message with a link, shown when its condition holds."""

    id: str
    when: Condition
    link: str | None
    _text: Text
    priority: int | None = None
    """Steps only: how much the step matters (smaller first) when choosing the main ones."""
    call_window: bool = False
    """Steps only: the page shows the next call window (the call plan's) under this step."""

    def text(self, lang: str = "ja") -> str:
        """The advice in lang."""
        return self._text.get(lang)


@dataclass(frozen=True, slots=True)
class LevelInfo:
    """The words for a level."""

    level: Level
    _label: Text
    _summary: Text

    def label(self, lang: str = "ja") -> str:
        """Short name of the level."""
        return self._label.get(lang)

    def summary(self, lang: str = "ja") -> str:
        """Two calm sentences on what the level means."""
        return self._summary.get(lang)


@dataclass(frozen=True, slots=True)
class Rules:
    """The validated rule set: questions, scoring, advice and texts."""

    version: str
    questions: tuple[Question, ...]
    levels: tuple[LevelInfo, ...]
    thresholds: tuple[tuple[Level, int], ...]
    steps: tuple[Advice, ...]
    warnings: tuple[Advice, ...]
    texts: dict[str, Text] = field(hash=False)
    method: tuple[Text, ...]
    sources: dict[str, Text] = field(hash=False, default_factory=dict)
    main_steps: int = 3
    """How many of the steps that apply the verdict leads with."""
    draft_link: str = "templates.md#composer"
    """Where the verdict's primary button leads: the page that drafts the message."""
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {question.id: question for question in self.questions})

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if none)."""
        return self._by_id[question_id]

    @property
    def question_ids(self) -> tuple[str, ...]:
        """Question ids in display order."""
        return tuple(question.id for question in self.questions)

    @property
    def scoring_questions(self) -> tuple[Question, ...]:
        """The questions that can change the level (all but the situational ones)."""
        return tuple(question for question in self.questions if not question.situational)

    def source(self, source_id: str, lang: str = "ja") -> str:
        """The words naming a source (a part of the article, the notes, or an assumption)."""
        return self.sources[source_id].get(lang)

    def level_info(self, level: Level) -> LevelInfo:
        """The words for a level."""
        return self.levels[RANK[level]]

    def text(self, key: str, lang: str = "ja") -> str:
        """A shared text (disclaimer, templates) in lang."""
        return self.texts[key].get(lang)


@dataclass(frozen=True, slots=True)
class Message:
    """A reason, step or warning as shown: id, text, docs link; reasons also carry effect."""

    id: str
    text: str
    link: str | None
    effect: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form; effect only for reasons."""
        data: dict[str, Any] = {"id": self.id, "text": self.text, "link": self.link}
        if self.effect is not None:
            data["effect"] = self.effect
        return data
