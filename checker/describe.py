"""The rules described in plain words, for the "how the checklist decides" page."""

from __future__ import annotations

from typing import Any

from .loader import load_rules
from .model import LEVELS, Rules, check_lang


def describe(lang: str = "ja", *, rules: Rules | None = None) -> dict[str, Any]:
    """JSON-able description of levels, questions, options, caps and method in lang."""
    lang = check_lang(lang)
    rules = rules or load_rules()
    labels = {info.level: info.label(lang) for info in rules.levels}
    thresholds = dict(rules.thresholds)
    method_values: dict[str, Any] = {level.value: points for level, points in thresholds.items()}
    method_values |= {f"{level.value}_label": labels[level] for level in LEVELS}
    caps = []
    questions = []
    for question in rules.questions:
        options = []
        for option in question.options:
            options.append({
                "id": option.id,
                "label": option.label(lang),
                "hint": option.hint(lang),
                "effect": option.effect(lang),
                "points": option.points,
                "cap": None if option.cap is None else option.cap.value,
            })
            if option.cap is not None:
                caps.append({
                    "id": f"{question.id}-{option.id}",
                    "text": rules.text("cap", lang).format(
                        question=question.label(lang), option=option.label(lang),
                        level=labels[option.cap]),
                })
        stand_in = question.option(question.unanswered_as)
        questions.append({
            "id": question.id,
            "label": question.label(lang),
            "text": question.text(lang),
            "hint": question.hint(lang),
            "link": question.link,
            "unanswered_as": stand_in.id,
            "unanswered_text": rules.text("unanswered_as", lang).format(
                option=stand_in.label(lang)),
            "options": options,
        })
    return {
        "rules_version": rules.version,
        "lang": lang,
        "levels": [
            {"id": info.level.value, "label": info.label(lang), "summary": info.summary(lang),
             "min_points": thresholds.get(info.level)}
            for info in rules.levels
        ],
        "questions": questions,
        "caps": caps,
        "method": [paragraph.get(lang).format(**method_values) for paragraph in rules.method],
        "disclaimer": rules.text("disclaimer", lang),
    }
