"""web/types.d.ts's call page types are what Python hands the page: the plan (plan_json, with
its calendar file), its script's nodes, lines and outcomes, a refused plan, and the page's
configuration as the site build writes it."""

from __future__ import annotations

import json
from pathlib import Path

from test_web_types import assert_matches, page_configs

import checker
from checker.browser import plan_json

NOWS = ("2026-12-04T22:10", "2026-12-28T17:00", "2027-09-20T10:30")


def plans() -> list[dict]:
    details = {"name": "鈴木花子", "school": "東西大学", "contact": "田中",
               "phone": "090-0000-0000", "reason": "family"}
    return [json.loads(plan_json(json.dumps(d), lang, now, True))
            for d in ({}, details) for lang in checker.LANGS for now in NOWS]


def test_the_declared_plan_is_what_plan_json_returns():
    found = plans()
    assert all("error" not in plan for plan in found), found
    assert_matches("CallPlan", found, "checker.browser.plan_json")
    assert_matches("CallScript", [p["script"] for p in found], "the plan's script")
    nodes = [node for p in found for node in p["script"]["nodes"].values()]
    assert_matches("CallNode", nodes, "the script's nodes")
    lines = [line for node in nodes for line in node["lines"]]
    # a glossed language's meaning is under its id (CallLine's index signature)
    glossed = set(checker.LANGS[1:])
    assert all(isinstance(line[key], str) for line in lines for key in glossed & line.keys())
    assert_matches("CallLine", [{k: v for k, v in line.items() if k not in glossed}
                                for line in lines], "their lines")
    outcomes = [node["outcome"] for node in nodes if node["outcome"]]
    assert outcomes, "no node of the script ends in an outcome"
    assert_matches("CallOutcome", outcomes, "their outcomes")


def test_the_declared_plan_error_is_what_plan_json_returns():
    errors = [json.loads(plan_json(text, lang, now))
              for text, now in (("not json", NOWS[0]), ("{}", "tomorrow"), ('{"name": 1}', NOWS[0]))
              for lang in checker.LANGS]
    assert all("error" in error for error in errors), errors
    assert_matches("CallPlanError", errors, "checker.browser.plan_json")


def test_the_declared_call_configuration_is_what_the_site_build_writes(built_site: Path):
    for page, config in page_configs(built_site, "call.html", "call-config"):
        assert_matches("CallConfig", [config], f"the call configuration of {page}")
        assert_matches("EngineFiles", [config["engine"]], f"config.engine of {page}")
