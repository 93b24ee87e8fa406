"""The browser seam: JSON in, JSON out, never raising (needs no js or pyodide import)."""

from __future__ import annotations

import json
from typing import Any

from .compose import compose_json
from .describe import describe
from .loader import ui_text
from .result import evaluate

__all__ = ["compose_json", "describe_json", "evaluate_json", "plan_json", "ui_text_json"]
# compose_json(details_json, lang, today) -> the draft, or {"error", "field", "message"}: the
# message composer's seam, defined beside its wording in compose.py (it never raises either).


def _dump(data: dict[str, Any]) -> str:
    """Serialise for JavaScript."""
    return json.dumps(data, ensure_ascii=False)


def _error(error: BaseException) -> str:
    """The {"error": message} object; a bad answer's message lists what is accepted."""
    if isinstance(error, ValueError):  # InvalidAnswer, a bad language, malformed JSON
        return _dump({"error": str(error)})
    return _dump({"error": f"internal error: {type(error).__name__}: {error}"[:500]})


def evaluate_json(answers_json: str, lang: str) -> str:
    """JSON of evaluate(...).to_dict() for a JSON object of answers, or {"error": message}."""
    try:
        if not isinstance(answers_json, str):
            raise ValueError(f"answers must be a JSON string, not {type(answers_json).__name__}")
        try:
            answers = json.loads(answers_json)
        except ValueError as error:
            raise ValueError(f"answers are not valid JSON: {error}") from None
        if not isinstance(answers, dict):
            raise ValueError("answers must be a JSON object of question id to option id, "
                             f"not {type(answers).__name__}")
        return _dump(evaluate(answers, lang).to_dict())
    except Exception as error:  # the seam must never raise into JavaScript
        return _error(error)


def describe_json(lang: str) -> str:
    """JSON of describe(lang), or {"error": message}."""
    try:
        return _dump(describe(lang))
    except Exception as error:
        return _error(error)


def ui_text_json(lang: str) -> str:
    """JSON of ui_text(lang), or {"error": message}."""
    try:
        return _dump(ui_text(lang))
    except Exception as error:
        return _error(error)


def plan_json(details_json: str, lang: str, now: str, with_ics: bool = False) -> str:
    """JSON of the call plan (checker.plan.plan) for a JSON object of details at `now` (Japan
    time), with the calendar file as `ics` when asked; or {"error", "field"}. The plan's
    modules, and the holiday calendar, are imported on the first call."""
    try:
        from .ics import ics
        from .plan import plan

        try:
            details = json.loads(details_json)
        except (TypeError, ValueError) as error:
            raise ValueError(f"details are not a JSON object: {error}") from None
        result = plan(details, lang, now=now)
        if with_ics:
            result["ics"] = ics(result)
        return _dump(result)
    except Exception as error:  # the seam must never raise into JavaScript
        field = getattr(error, "field", None)
        return _dump(json.loads(_error(error)) | {"field": field if isinstance(field, str)
                                                                else None})
