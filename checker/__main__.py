"""Command-line interface: python -m checker [--json] [--lang ja|en] [--questions] id=option ..."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .loader import load_rules, ui_text
from .model import LANGS, InvalidAnswer, Rules, check_lang
from .result import Result, evaluate

_MARK = {"raises": "+", "lowers": "-", "caps": "!"}


def _parser(rules: Rules) -> argparse.ArgumentParser:
    """The argument parser, its help listing the question ids."""
    parser = argparse.ArgumentParser(
        prog="python -m checker",
        description="How likely is taking back a declined job offer? (内定辞退の撤回の見込み)",
        epilog="questions: " + "; ".join(
            f"{q.id}={'|'.join(q.option_ids)}" for q in rules.questions),
    )
    parser.add_argument("answers", nargs="*", metavar="question=option",
                        help="an answer, e.g. elapsed=days; an unanswered question counts as "
                             "its cautious answer")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--lang", default=LANGS[0], metavar="|".join(LANGS),
                        help="language (default: ja)")
    parser.add_argument("--questions", action="store_true",
                        help="list the questions and their options, then exit")
    return parser


def _answers(pairs: Sequence[str], rules: Rules) -> dict[str, str]:
    """Parse question=option pairs; raise InvalidAnswer on a malformed or repeated one."""
    answers: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidAnswer(f"expected question=option, got {pair!r}; "
                                f"accepted questions: {', '.join(rules.question_ids)}")
        if key in answers:
            raise InvalidAnswer(f"question {key!r} is answered twice", question=key)
        answers[key] = value
    return answers


def format_questions(rules: Rules, lang: str) -> str:
    """The questions and options as readable text."""
    lines = []
    for question in rules.questions:
        lines.append(f"{question.id}: {question.text(lang)}")
        lines.append(f"    {question.hint(lang)}")
        width = max(len(option.id) for option in question.options)
        for option in question.options:
            lines.append(f"  {option.id:<{width}}  {option.label(lang)}  ({option.effect(lang)})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_result(result: Result, lang: str) -> str:
    """A result as readable text: level, reasons, the main steps and then the others, warnings,
    unanswered, disclaimer."""
    ui = ui_text(lang)
    icon = ui.get(f"level.icon.{result.level.value}", "")
    lines = [f"{ui['verdict.heading']}: {icon} {result.level_label} ({result.level.value})",
             result.summary, ""]

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.extend([f"{title}:", *items, ""])

    section(ui["verdict.reasons"], [f"  [{_MARK[m.effect or 'raises']}] {m.text}  → {m.link}"
                                    for m in result.reasons])
    main = [m for m in result.steps if m.id in result.main_steps]
    other = [m for m in result.steps if m.id not in result.main_steps]
    section(ui["verdict.steps"], [f"  {i}. {m.text}  → {m.link}" for i, m in enumerate(main, 1)])
    section(ui["verdict.other_steps"], [f"  - {m.text}  → {m.link}" for m in other])
    section(ui["verdict.warnings"], [f"  ! {m.text}  → {m.link}" for m in result.warnings])
    section(ui["form.unanswered"], [f"  - {label} ({qid})" for qid, label in
                                    zip(result.unanswered, result.unanswered_labels, strict=True)])
    lines.extend([f"{ui['verdict.disclaimer']}: {result.disclaimer}",
                  f"{ui['print.version']}: {result.rules_version}"])
    return "\n".join(lines) + "\n"


def compose_main(argv: Sequence[str]) -> int:
    """`python -m checker compose [--json] [--lang ja|en] [--today DATE] field=value ...`."""
    import datetime  # the CLI only: the engine parses dates without it

    from .compose import InvalidDetail, compose, field_ids
    from .compose import ui_text as compose_ui_text

    parser = argparse.ArgumentParser(
        prog="python -m checker compose",
        description="Draft the email and phone notes (内定辞退の撤回のお願い) from your details.",
        epilog="fields: " + ", ".join(field_ids()))
    parser.add_argument("details", nargs="*", metavar="field=value")
    parser.add_argument("--json", action="store_true", help="print the draft as one JSON object")
    parser.add_argument("--lang", default=LANGS[0], metavar="|".join(LANGS),
                        help="language of the gloss and labels (default: ja)")
    parser.add_argument("--today", default=datetime.date.today().isoformat(), metavar="DATE",
                        help="today's date, YYYY-MM-DD (default: the local date)")
    args = parser.parse_args(argv)
    details: dict[str, str] = {}
    try:
        for pair in args.details:
            key, sep, value = pair.partition("=")
            if not sep or key in details:
                raise InvalidDetail(f"expected each field once as field=value, got {pair!r}; "
                                    f"accepted fields: {', '.join(field_ids())}")
            details[key] = value
        draft = compose(details, args.lang, today=args.today)
    except ValueError as error:
        parser.error(str(error))  # exits with status 2
    if args.json:
        sys.stdout.write(json.dumps(draft, ensure_ascii=False, indent=2) + "\n")
        return 0
    ui = compose_ui_text(args.lang)
    blocks = []
    for part in ("subject", "email", "phone", "phone_if_out"):
        if draft["gloss"]:
            body = "\n".join(f"{line['ja']}\n    {line[args.lang]}" if line["ja"] else ""
                             for line in draft["gloss"][part])
        else:
            body = draft[part]
        if body:
            blocks.append(f"== {ui[part]} ==\n{body}")
    if draft["gloss"]:
        blocks.insert(0, ui["send_note"])
    for key in ("unfilled", "missing"):
        if draft[key]:
            blocks.append(f"{ui[key]}: {', '.join(draft[key])}")
    sys.stdout.write("\n\n".join(blocks) + "\n")
    return 0


def call_main(argv: Sequence[str]) -> int:
    """`python -m checker call [--json | --ics] [--lang ja|en] [--now TIME] field=value ...`."""
    import datetime  # the CLI only: the engine never reads a clock

    from .compose import InvalidDetail, field_ids
    from .ics import ics
    from .plan import NOW_EXAMPLE, NOW_FORMAT, plan

    japan = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=9)
    parser = argparse.ArgumentParser(
        prog="python -m checker call",
        description="When to phone the company, and what to say whatever it answers.",
        epilog="fields (the composer's): " + ", ".join(field_ids()))
    parser.add_argument("details", nargs="*", metavar="field=value")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the plan and script as JSON")
    out.add_argument("--ics", action="store_true", help="print the calendar file (RFC 5545)")
    parser.add_argument("--lang", default=LANGS[0], metavar="|".join(LANGS),
                        help="language of the plan and the gloss (default: ja)")
    parser.add_argument("--now", default=japan.strftime("%Y-%m-%dT%H:%M"), metavar=NOW_FORMAT,
                        help=f"the moment in Japan time, such as {NOW_EXAMPLE} (default: now)")
    args = parser.parse_args(argv)
    try:
        check_lang(args.lang)
        result = plan(_details(args.details, InvalidDetail, field_ids()), args.lang,
                      now=args.now)
    except ValueError as error:
        parser.error(str(error))  # exits with status 2
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    elif args.ics:
        sys.stdout.write(ics(result))
    else:
        sys.stdout.write(format_plan(result, args.lang))
    return 0


def _details(pairs: Sequence[str], error: type[ValueError], ids: Sequence[str]) -> dict[str, str]:
    """field=value pairs as a mapping; each field once."""
    details: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key in details:
            raise error(f"expected each field once as field=value, got {pair!r}; "
                        f"accepted fields: {', '.join(ids)}")
        details[key] = value
    return details


def format_plan(result: dict, lang: str) -> str:
    """The plan and the whole script as plain text, each node with its answers (and each
    line's meaning in lang, where lang is glossed)."""
    lines = [result["headline"], *[f"  - {s['text']}" for s in result["skipped"]],
             *result["notices"], result["follow_up_text"], ""]
    script = result["script"]
    for node_id, node in script["nodes"].items():
        lines.append(f"[{node_id}] {node['title']}")
        for line in node["lines"]:
            lines.append(f"  {line['ja']}" + (f"\n      {line[lang]}" if lang in line else ""))
        lines += [f"  -> {a['label']}: [{a['to']}]" for a in node["answers"]]
        if node["outcome"]:
            outcome = node["outcome"]
            lines += [f"  => {outcome['next']} (email: {outcome['email']})",
                      *[f"     {text}" for text in (outcome["follow_up"], outcome["retry"])
                        if text]]
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; bad arguments exit with status 2 and a message on stderr."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["compose"]:
        return compose_main(argv[1:])
    if argv[:1] == ["call"]:
        return call_main(argv[1:])
    rules = load_rules()
    parser = _parser(rules)
    args = parser.parse_args(argv)
    try:
        check_lang(args.lang)
    except ValueError as error:
        parser.error(str(error))  # exits with status 2
    if args.questions:
        sys.stdout.write(format_questions(rules, args.lang))
        return 0
    try:
        result = evaluate(_answers(args.answers, rules), args.lang)
    except InvalidAnswer as error:
        parser.error(str(error))  # exits with status 2
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_result(result, args.lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
