"""The rules described in plain words, for the "how the checklist decides" page."""

from __future__ import annotations

from typing import Any

from .loader import load_rules
from .model import LEVELS, CapException, Question, Rules, check_lang


def describe(lang: str = "ja", *, rules: Rules | None = None) -> dict[str, Any]:
    """JSON-able description of levels, questions, options, caps, sources and method in lang."""
    lang = check_lang(lang)
    rules = rules or load_rules()
    labels = {info.level: info.label(lang) for info in rules.levels}
    thresholds = dict(rules.thresholds)
    method_values: dict[str, Any] = {level.value: points for level, points in thresholds.items()}
    method_values |= {f"{level.value}_label": labels[level] for level in LEVELS}
    method_values["unanswered_list"] = _unanswered_list(rules, lang)
    method_values["situational_list"] = rules.text("names_separator", lang).join(
        rules.text("quoted", lang).format(option=q.label(lang))
        for q in rules.questions if q.situational)
    caps = []
    questions = []
    for question in rules.questions:
        options = []
        for option in question.options:
            exception = _exception_text(rules, option.exception, labels, lang)
            exception_source = None if option.exception is None else rules.source(
                option.exception.source, lang)
            options.append({
                "id": option.id,
                "label": option.label(lang),
                "hint": option.hint(lang),
                "effect": option.effect(lang),
                "impact": option.impact(lang),
                "points": option.points,
                "cap": None if option.cap is None else option.cap.value,
                "exception": exception,
                "exception_source": exception_source,
                "source": None if option.source is None else rules.source(option.source, lang),
                "adds": [advice.text(lang) for advice in rules.steps + rules.warnings
                         if any(qid == question.id and option.id in listed
                                for qid, listed in advice.when.answers)]
                if question.situational else [],
            })
            if option.cap is not None:
                text = rules.text("cap", lang).format(
                    question=question.label(lang), option=option.label(lang),
                    level=labels[option.cap])
                caps.append({"id": f"{question.id}-{option.id}", "text": text,
                             "exception": exception, "exception_source": exception_source})
        stand_in = question.option(question.unanswered_as)
        questions.append({
            "id": question.id,
            "label": question.label(lang),
            "text": question.text(lang),
            "hint": question.hint(lang),
            "link": question.link,
            "situational": question.situational,
            "situational_text": rules.text("situational", lang) if question.situational
            else None,
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


def _answer_is(rules: Rules, question: Question, option_ids: frozenset[str], lang: str) -> str:
    """“Question” is “Option” or “Option”, in lang (options in the question's order)."""
    options = rules.text("or", lang).join(
        rules.text("quoted", lang).format(option=option.label(lang))
        for option in question.options if option.id in option_ids)
    return rules.text("answer_is", lang).format(question=question.label(lang), options=options)


def _exception_text(rules: Rules, exception: CapException | None, labels: dict, lang: str
                    ) -> str | None:
    """The exception to a cap in words (None without one)."""
    if exception is None:
        return None
    answers = rules.text("or", lang).join(
        _answer_is(rules, rules.question(qid), listed, lang) for qid, listed in exception.if_any)
    if exception.cap is None:
        text = rules.text("exception_lifts", lang).format(answers=answers)
    else:
        text = rules.text("exception_loosens", lang).format(answers=answers,
                                                             level=labels[exception.cap])
    return text


def _unanswered_list(rules: Rules, lang: str) -> str:
    """Each scoring question with the answer it counts as when unanswered, in lang."""
    return rules.text("list_separator", lang).join(
        rules.text("counts_as", lang).format(question=q.label(lang),
                                             option=q.option(q.unanswered_as).label(lang))
        for q in rules.scoring_questions)
