"""Answers to verdict: pure functions over validated rules, no I/O and no wording."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import RANK, Advice, InvalidAnswer, Level, Rules, _show, kind_of

_KIND_ORDER = {"caps": 0, "lowers": 1, "raises": 2}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The language-free outcome of one set of answers."""

    level: Level
    score: int
    ceiling: Level
    answers: dict[str, str]
    effective: dict[str, str]
    unanswered: tuple[str, ...]
    factors: tuple[tuple[str, str, str], ...]
    steps: tuple[str, ...]
    main_steps: tuple[str, ...]
    warnings: tuple[str, ...]


def check_answers(rules: Rules, answers: object) -> dict[str, str]:
    """Validate answers; return the answered ones in question order ("" counts as unanswered)."""
    if not isinstance(answers, Mapping):
        raise InvalidAnswer(
            f"answers must be a mapping of question id to option id, not {type(answers).__name__}",
            accepted=rules.question_ids,
        )
    ids = rules.question_ids
    for key, value in answers.items():
        if not isinstance(key, str) or key not in rules._by_id:
            kind = ("question" if isinstance(key, str)
                    else f"question id of type {type(key).__name__}")
            raise InvalidAnswer(
                f"unknown {kind} {_show(key)}; accepted questions: {', '.join(ids)}",
                question=key if isinstance(key, str) else None,
                accepted=ids,
            )
        question = rules.question(key)
        if not isinstance(value, str) or (value and value not in question._by_id):
            options = question.option_ids
            kind = "answer" if isinstance(value, str) else f"answer of type {type(value).__name__}"
            raise InvalidAnswer(
                f"unknown {kind} {_show(value)} for question {key!r}; "
                f"accepted answers: {', '.join(options)} (or leave it unanswered)",
                question=key,
                value=value if isinstance(value, str) else None,
                accepted=options,
            )
    return {qid: answers[qid] for qid in ids if answers.get(qid)}


def level_for(rules: Rules, score: int, ceiling: Level = Level.HIGH) -> Level:
    """The level a points total reaches, no better than the ceiling."""
    reached = Level.VERY_LOW
    for level, threshold in rules.thresholds:
        if score >= threshold:
            reached = level
            break
    return reached if RANK[reached] >= RANK[ceiling] else ceiling


def _applies(advice: Advice, level: Level, effective: Mapping[str, str], silent: bool) -> bool:
    """Whether a step or warning's condition holds."""
    when = advice.when
    if when.levels is not None and level not in when.levels:
        return False
    if when.unanswered is not None and when.unanswered != silent:
        return False
    for qid, options in when.answers:
        if effective[qid] not in options:
            return False
    return True


def main_steps(steps: tuple[Advice, ...], count: int) -> tuple[str, ...]:
    """The ids of the `count` steps that matter most (smallest priority, then first listed),
    kept in the order given."""
    ranked = sorted(range(len(steps)), key=lambda i: (steps[i].priority or 0, i))[:count]
    return tuple(steps[i].id for i in sorted(ranked))


def decide(rules: Rules, answers: object) -> Verdict:
    """Score the answers, apply the caps (and their exceptions) and pick the steps and
    warnings that apply."""
    given = check_answers(rules, answers)
    effective = {q.id: given.get(q.id, q.unanswered_as) for q in rules.questions}
    unanswered = tuple(q.id for q in rules.questions if q.id not in given)
    score = 0
    ceiling = Level.HIGH
    factors: list[tuple[int, int, str, str, str]] = []
    for index, question in enumerate(rules.questions):
        option = question.option(effective[question.id])
        score += option.points
        cap = option.cap_given(effective)
        if cap is not None and RANK[cap] > RANK[ceiling]:
            ceiling = cap
        kind = kind_of(option.points, cap)
        if kind is not None and question.id in given:
            factors.append((_KIND_ORDER[kind], index, question.id, option.id, kind))
    level = level_for(rules, score, ceiling)
    silent = bool(unanswered)
    steps = tuple(a for a in rules.steps if _applies(a, level, effective, silent))
    return Verdict(
        level=level,
        score=score,
        ceiling=ceiling,
        answers=given,
        effective=effective,
        unanswered=unanswered,
        factors=tuple((qid, oid, kind) for _, _, qid, oid, kind in sorted(factors)),
        steps=tuple(a.id for a in steps),
        main_steps=main_steps(steps, rules.main_steps),
        warnings=tuple(a.id for a in rules.warnings if _applies(a, level, effective, silent)),
    )
