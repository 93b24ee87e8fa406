"""Feasibility checklist for taking back a declined informal job offer (内定辞退の撤回)."""

from . import browser
from .compose import compose
from .describe import describe
from .engine import Verdict, decide
from .loader import load_rules, ui_text, validate_rules, validate_ui
from .model import (
    LANGS,
    LANGUAGES,
    LEVELS,
    Advice,
    InvalidAnswer,
    Level,
    Message,
    Option,
    Question,
    Rules,
    RulesError,
)
from .result import Result, evaluate

RULES_VERSION: str = load_rules().version
"""Version of the rules data; it changes whenever a rule or its wording changes."""

__all__ = [
    "LANGS",
    "LANGUAGES",
    "LEVELS",
    "RULES_VERSION",
    "Advice",
    "InvalidAnswer",
    "Level",
    "Message",
    "Option",
    "Question",
    "Result",
    "Rules",
    "RulesError",
    "Verdict",
    "browser",
    "compose",
    "decide",
    "describe",
    "evaluate",
    "load_rules",
    "ui_text",
    "validate_rules",
    "validate_ui",
]
