"""The verdict put into words: evaluate() and its Result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .engine import Verdict, decide
from .loader import load_rules
from .model import Level, Message, Rules, check_lang


@dataclass(frozen=True, slots=True)
class Result:
    """A verdict in one language: level, reasons, steps (the main ones named), warnings and what
    was left unanswered."""

    level: Level
    lang: str
    rules_version: str
    level_label: str
    summary: str
    reasons: tuple[Message, ...]
    steps: tuple[Message, ...]
    main_steps: tuple[str, ...]
    warnings: tuple[Message, ...]
    unanswered: tuple[str, ...]
    unanswered_labels: tuple[str, ...]
    answers: dict[str, str] = field(hash=False)
    disclaimer: str
    score: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: the contract shared by the CLI, the browser and the tests."""
        return {
            "rules_version": self.rules_version,
            "lang": self.lang,
            "level": self.level.value,
            "level_label": self.level_label,
            "summary": self.summary,
            "reasons": [m.to_dict() for m in self.reasons],
            "steps": [m.to_dict() for m in self.steps],
            "main_steps": list(self.main_steps),
            "warnings": [m.to_dict() for m in self.warnings],
            "unanswered": list(self.unanswered),
            "unanswered_labels": list(self.unanswered_labels),
            "answers": dict(self.answers),
            "disclaimer": self.disclaimer,
        }


def render(rules: Rules, verdict: Verdict, lang: str) -> Result:
    """Word a verdict in lang."""
    lang = check_lang(lang)
    reasons = []
    for qid, oid, kind in verdict.factors:
        option = rules.question(qid).option(oid)
        reasons.append(Message(f"{qid}-{oid}", option.reason(lang) or "", option.link, kind))
    steps = {a.id: a for a in rules.steps}
    warnings = {a.id: a for a in rules.warnings}
    info = rules.level_info(verdict.level)
    return Result(
        level=verdict.level,
        lang=lang,
        rules_version=rules.version,
        level_label=info.label(lang),
        summary=info.summary(lang),
        reasons=tuple(reasons),
        steps=tuple(Message(i, steps[i].text(lang), steps[i].link) for i in verdict.steps),
        main_steps=verdict.main_steps,
        warnings=tuple(Message(i, warnings[i].text(lang), warnings[i].link)
                       for i in verdict.warnings),
        unanswered=verdict.unanswered,
        unanswered_labels=tuple(rules.question(q).label(lang) for q in verdict.unanswered),
        answers=dict(verdict.answers),
        disclaimer=rules.text("disclaimer", lang),
        score=verdict.score,
    )


def evaluate(answers: Mapping[str, str], lang: str = "ja", *, rules: Rules | None = None
             ) -> Result:
    """Judge a mapping of question id to option id; raise InvalidAnswer on an unknown one."""
    lang = check_lang(lang)
    rules = rules or load_rules()
    return render(rules, decide(rules, answers), lang)
