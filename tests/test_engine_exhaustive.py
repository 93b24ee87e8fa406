"""Exhaustive checks over every combination of answers, unanswered included, and all the data."""

from __future__ import annotations

import itertools
import json
import math
import os
import re
from functools import cache

import pytest

import checker
from checker.model import RANK

RULES = checker.load_rules()
IDS = RULES.question_ids
SCORING = RULES.scoring_questions
SITUATIONAL = tuple(q for q in RULES.questions if q.situational)
SCORING_IDS = tuple(q.id for q in SCORING)
DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs")
ARTICLE_STEPS = ("contact-now", "apologise-first", "clear-reason")
# Through a school or an agent, the first of them is deciding the contact with the adviser.
CONTACT_STEP = {"direct": "contact-now", "school": "decide-with-school",
                "agent": "decide-with-agent"}
ROUTE = tuple(q.id for q in SITUATIONAL).index("route")


def _article_steps(route: str | None) -> tuple[str, ...]:
    """The article's three steps for a route (None: unanswered, counted as direct)."""
    return (CONTACT_STEP[route or RULES.question("route").unanswered_as],) + ARTICLE_STEPS[1:]


def _values(questions: tuple, unanswered: bool = True) -> list[tuple[str | None, ...]]:
    """Each question's option ids, plus None (left unanswered) when asked for."""
    return [q.option_ids + ((None,) if unanswered else ()) for q in questions]


def _answers(combo: tuple[str | None, ...], ids: tuple[str, ...] = SCORING_IDS) -> dict[str, str]:
    """The answers mapping for a combination, leaving None out."""
    return {qid: oid for qid, oid in zip(ids, combo, strict=True) if oid is not None}


@cache
def _all() -> dict[tuple[str | None, ...], dict[str, checker.Result]]:
    """Every combination of the scoring questions (unanswered included), the situational ones
    unanswered, evaluated in both languages (computed once)."""
    return {combo: {lang: checker.evaluate(_answers(combo), lang) for lang in checker.LANGS}
            for combo in itertools.product(*_values(SCORING))}


@cache
def _crossed() -> dict[tuple, checker.Verdict]:
    """Every combination of the situational questions (unanswered included) with every fully
    answered combination of the scoring questions: the verdicts, keyed by (scoring, situational).
    With _all() (every scoring combination, unanswered included) and the stand-in test below,
    this covers every combination of the whole question set."""
    return {(scoring, situational): checker.decide(
                RULES, _answers(scoring) | _answers(situational, tuple(q.id for q in SITUATIONAL)))
            for scoring in itertools.product(*_values(SCORING, unanswered=False))
            for situational in itertools.product(*_values(SITUATIONAL))}


def _level(combo: tuple[str | None, ...]) -> checker.Level:
    """The level of one combination."""
    return _all()[combo]["ja"].level


def _replace(combo: tuple, index: int, value: str | None) -> tuple:
    """The combination with one answer replaced."""
    return combo[:index] + (value,) + combo[index + 1:]


def test_combination_count() -> None:
    """Every combination is evaluated: the counts are the products of each question's number
    of options (plus one for unanswered), computed from the data."""
    assert SITUATIONAL and len(SCORING) + len(SITUATIONAL) == len(RULES.questions)
    assert len(_all()) == math.prod(len(q.options) + 1 for q in SCORING)
    assert len(_crossed()) == (math.prod(len(q.options) for q in SCORING)
                               * math.prod(len(q.options) + 1 for q in SITUATIONAL))


def test_situational_questions_never_change_the_level() -> None:
    """In every crossed combination the level is the one the scoring answers give alone; the
    situational answers only add steps and warnings (each naming a situational question)."""
    situational_ids = {q.id for q in SITUATIONAL}

    def names_situational(advice: checker.Advice) -> bool:
        return any(qid in situational_ids for qid, _ in advice.when.answers)

    extra_steps = {a.id for a in RULES.steps if names_situational(a)}
    extra_warnings = {a.id for a in RULES.warnings if names_situational(a)}
    assert extra_steps and extra_warnings
    alone = {scoring: checker.decide(RULES, _answers(scoring))
             for scoring in itertools.product(*_values(SCORING, unanswered=False))}
    for (scoring, situational), verdict in _crossed().items():
        base = alone[scoring]
        assert verdict.level == base.level, (scoring, situational)
        assert verdict.score == base.score and verdict.factors == base.factors
        assert set(verdict.steps) - extra_steps == set(base.steps) - extra_steps
        assert set(verdict.warnings) - extra_warnings - {"unanswered"} == (
            set(base.warnings) - extra_warnings - {"unanswered"})
        assert ("unanswered" in verdict.warnings) == (None in situational)


def test_situational_options_carry_no_points_and_no_caps() -> None:
    """The data side of the same rule: situational options neither score nor cap, and no
    exception to a cap names a situational question."""
    situational_ids = {q.id for q in SITUATIONAL}
    for question in SITUATIONAL:
        assert all(o.points == 0 and o.cap is None and o.exception is None and o.kind is None
                   for o in question.options), question.id
    for question in SCORING:
        for option in question.options:
            if option.exception:
                assert not {qid for qid, _ in option.exception.if_any} & situational_ids


def test_every_step_and_warning_is_reachable() -> None:
    """Each step and warning of the data is shown for some combination."""
    shown_steps = {i for v in _crossed().values() for i in v.steps}
    shown_warnings = {i for v in _crossed().values() for i in v.warnings}
    for by_lang in _all().values():
        shown_steps |= {m.id for m in by_lang["en"].steps}
        shown_warnings |= {m.id for m in by_lang["en"].warnings}
    assert shown_steps == {a.id for a in RULES.steps}
    assert shown_warnings == {a.id for a in RULES.warnings}


def test_every_option_that_counts_names_a_source() -> None:
    """Each option that raises, lowers or caps, and each exception, names a known source."""
    counted = 0
    for question in RULES.questions:
        for option in question.options:
            if option.kind is not None:
                counted += 1
                assert option.source in RULES.sources, (question.id, option.id)
            else:
                assert option.source is None, (question.id, option.id)
            if option.exception:
                assert option.exception.source in RULES.sources
    assert counted
    for lang in checker.LANGS:
        for question in checker.describe(lang)["questions"]:
            for option in question["options"]:
                assert bool(option["source"]) == bool(option["points"] or option["cap"])


def test_exceptions_loosen_their_caps_somewhere() -> None:
    """Each exception really changes the ceiling of some combination (it is not dead data)."""
    for question in SCORING:
        for option in question.options:
            if option.exception is None:
                continue
            index = SCORING_IDS.index(question.id)
            ceilings = {checker.decide(RULES, _answers(_replace(c, index, option.id))).ceiling
                        for c in _all()}
            assert len(ceilings) > 1, (question.id, option.id)


def test_every_combination_gives_exactly_one_level() -> None:
    """Each combination yields one of the four levels, the same in both languages, as JSON."""
    for combo, by_lang in _all().items():
        levels = {r.level for r in by_lang.values()}
        assert len(levels) == 1 and levels <= set(checker.LEVELS), combo
        for lang, result in by_lang.items():
            data = json.loads(json.dumps(result.to_dict()))
            assert data["level"] == result.level.value and data["lang"] == lang


def test_languages_agree_on_message_ids() -> None:
    """Reasons, steps and warnings have the same ids and links whatever the language."""
    for combo, by_lang in _all().items():
        shapes = {tuple((m.id, m.link, m.effect) for m in r.reasons + r.steps + r.warnings)
                  for r in by_lang.values()}
        assert len(shapes) == 1, combo


def test_monotonic_in_every_single_answer() -> None:
    """Making any one answer more favourable never lowers the level (principle 7), conditional
    caps included. (Situational questions have no order: they never change the level.)"""
    for combo in _all():
        for index, question in enumerate(SCORING):
            options = question.option_ids
            for better, worse in itertools.pairwise(options):
                high = _level(_replace(combo, index, better))
                low = _level(_replace(combo, index, worse))
                assert RANK[high] <= RANK[low], (combo, question.id, better, worse)


def test_unanswered_counts_as_its_stand_in_and_is_reported() -> None:
    """An unanswered question gives the level of its unknown answer and is listed (principle 8)."""
    for combo, by_lang in _all().items():
        result = by_lang["en"]
        assert result.unanswered == tuple(
            q for q, o in zip(SCORING_IDS, combo, strict=True) if o is None) + tuple(
            q.id for q in SITUATIONAL)
        assert len(result.unanswered_labels) == len(result.unanswered)
        assert ("unanswered" in {m.id for m in result.warnings}) == bool(result.unanswered)
        for index, question in enumerate(SCORING):
            if combo[index] is None:
                assert _level(_replace(combo, index, question.unanswered_as)) == result.level


def test_all_four_levels_reachable_with_full_answers() -> None:
    """Each level comes out of at least one fully answered combination."""
    levels = {_level(c) for c in _all() if None not in c}
    assert levels == set(checker.LEVELS)


def test_caps_of_the_principles_hold_everywhere() -> None:
    """Filled places or a rude decline give very_low; an untrue reason, going silent or a long
    delay cap at low, except that a long delay with changed circumstances caps at moderate;
    the top level needs a sign that a place exists (places open, or the company hiring more)."""
    for combo in _all():
        answers, level = _answers(combo), _level(combo)
        counted = {q.id: answers.get(q.id, q.unanswered_as) for q in SCORING}
        if counted["quota"] == "filled" or counted["manner"] == "rude":
            assert level == checker.Level.VERY_LOW, combo
        if counted["reason"] == "untrue" or counted["manner"] == "silent":
            assert RANK[level] >= RANK[checker.Level.LOW], combo
        changed = counted["situation"] in ("economy", "revoked")
        if counted["elapsed"] == "longer":
            floor = checker.Level.MODERATE if changed else checker.Level.LOW
            assert RANK[level] >= RANK[floor], combo
        if level == checker.Level.HIGH:
            assert counted["quota"] == "open" or counted["situation"] == "economy", combo
    revoked_late = {"elapsed": "longer", "quota": "open", "situation": "revoked"}
    assert any(_level(c) == checker.Level.MODERATE for c in _all()
               if revoked_late.items() <= _answers(c).items())


def test_untrue_reason_always_warns() -> None:
    """An untrue reason always brings the warning not to give a reason that can be found out."""
    for combo, by_lang in _all().items():
        warned = "untrue-reason" in {m.id for m in by_lang["ja"].warnings}
        assert warned == (_answers(combo).get("reason") == "untrue"), combo


def test_each_favourable_answer_raises_the_level_somewhere() -> None:
    """Open places, a high rating, courtesy, a clear reason, circumstances and speed each matter."""
    for index, question in enumerate(SCORING):
        for option, neutral in itertools.pairwise(question.option_ids):
            option = question.option(option)
            if option.kind != "raises":
                continue
            assert any(RANK[_level(_replace(c, index, option.id))]
                       < RANK[_level(_replace(c, index, neutral))] for c in _all()), option.id


def test_steps_begin_with_the_article_steps_in_order() -> None:
    """Steps always hold the article's three in a row: contact by phone and email, apologise
    first, a clear reason; only a step a situation asks for before the call comes earlier."""
    situational_ids = {q.id for q in SITUATIONAL}
    for combo, by_lang in _all().items():
        for result in by_lang.values():
            assert tuple(m.id for m in result.steps[:3]) == ARTICLE_STEPS, combo
    for (_, situational), verdict in _crossed().items():
        article = _article_steps(situational[ROUTE])
        start = verdict.steps.index(article[0])
        assert verdict.steps[start:start + 3] == article
        for before in verdict.steps[:start]:
            advice = next(a for a in RULES.steps if a.id == before)
            assert {qid for qid, _ in advice.when.answers} <= situational_ids, before
        if situational[ROUTE] in ("school", "agent"):
            assert "contact-now" not in verdict.steps and "email-first" not in verdict.steps
            assert article[0] in verdict.main_steps
    articles = [a for a in RULES.steps if a.id in ARTICLE_STEPS[1:]]
    assert [a.when for a in articles] == [checker.model.Condition()] * 2


def test_tailored_steps_follow_the_answers() -> None:
    """Unknown places bring the step on open places; a low verdict prepares for a no and points
    to help."""
    for combo, by_lang in _all().items():
        result = by_lang["en"]
        steps = {m.id for m in result.steps}
        quota = _answers(combo).get("quota", "unknown")
        assert ("ask-places" in steps) == (quota == "unknown"), combo
        low = result.level in (checker.Level.LOW, checker.Level.VERY_LOW)
        assert ("prepare-for-no" in steps) == low, combo
        if low:
            assert any(m.link.startswith("help.md#") for m in result.steps), combo


def test_reasons_explain_every_answer_that_counts() -> None:
    """Each answered option that raises, lowers or caps is a reason, with its effect and link."""
    for combo, by_lang in _all().items():
        result = by_lang["en"]
        counted = {q.id: _answers(combo).get(q.id, q.unanswered_as) for q in RULES.questions}
        expected = {f"{q}-{o}" for q, o in _answers(combo).items()
                    if RULES.question(q).option(o).kind_given(counted)}
        assert {m.id for m in result.reasons} == expected, combo
        assert all(m.effect in {"raises", "lowers", "caps"} and m.link for m in result.reasons)


def _texts() -> list[tuple[str, str, str]]:
    """Every user-facing text as (where, ja, en)."""
    out = []
    for q in RULES.questions:
        for name in ("label", "text", "hint"):
            out.append((f"{q.id}.{name}", getattr(q, name)("ja"), getattr(q, name)("en")))
        for o in q.options:
            for name in ("label", "hint", "effect"):
                out.append((f"{q.id}.{o.id}.{name}", getattr(o, name)("ja"),
                            getattr(o, name)("en")))
            if o.kind:
                out.append((f"{q.id}.{o.id}.reason", o.reason("ja"), o.reason("en")))
    for kind, items in (("step", RULES.steps), ("warning", RULES.warnings)):
        out.extend((f"{kind}.{a.id}", a.text("ja"), a.text("en")) for a in items)
    for info in RULES.levels:
        out.append((f"level.{info.level}.label", info.label("ja"), info.label("en")))
        out.append((f"level.{info.level}.summary", info.summary("ja"), info.summary("en")))
    out.extend((f"text.{k}", t.ja, t.en) for k, t in RULES.texts.items())
    out.extend((f"method.{i}", t.ja, t.en) for i, t in enumerate(RULES.method))
    for lang in checker.LANGS:
        other = checker.ui_text("en" if lang == "ja" else "ja")
        assert set(checker.ui_text(lang)) == set(other)
    ja, en = checker.ui_text("ja"), checker.ui_text("en")
    out.extend((f"ui.{k}", ja[k], en[k]) for k in ja if not k.startswith("level.icon."))
    return out


def _has_kana_or_kanji(text: str) -> bool:
    """Whether text holds Japanese characters."""
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _is_japanese_punctuation(text: str) -> bool:
    """Whether text is only punctuation and symbols, some of them Japanese: the list separator
    、, or full-width brackets around a figure's placeholder, such as （{percent}%）."""
    japanese = [ch for ch in text if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"]
    return bool(japanese) and not any(ch.isalnum() for ch in text)


@pytest.mark.parametrize("where,ja,en", _texts(), ids=[t[0] for t in _texts()])
def test_every_message_exists_in_both_languages(where: str, ja: str, en: str) -> None:
    """Each text is non-empty in Japanese (with Japanese script) and English (without)."""
    assert ja.strip() and en.strip()
    ja, en = (re.sub(r"\{[a-z_]+(:[^}]*)?\}", "", text) for text in (ja, en))  # placeholders
    assert _has_kana_or_kanji(ja) or _is_japanese_punctuation(ja), where
    assert not _has_kana_or_kanji(en) and not _is_japanese_punctuation(en), where


def _sentences() -> list[tuple[str, str, str]]:
    """Full-sentence messages (reasons, steps, warnings, summaries) as (where, ja, en)."""
    return [t for t in _texts() if t[0].split(".")[-1] in {"reason", "summary"}
            or t[0].startswith(("step.", "warning.", "method.", "text.disclaimer"))]


def test_japanese_sentences_are_polite() -> None:
    """Japanese sentences end in です・ます forms (です, ます, ません, ください)."""
    for where, ja, _ in _sentences():
        for sentence in filter(None, ja.split("。")):
            assert sentence.endswith(("す", "せん", "ください", "さい")), (where, sentence)
        assert ja.endswith("。"), where


def test_no_message_promises_success() -> None:
    """No wording promises that taking back the decline will work (principle 1)."""
    banned_en = ("will succeed", "guarantee", "certainly", "definitely", "sure to", "will accept")
    banned_ja = ("必ず", "確実", "間違いなく", "絶対")
    for where, ja, en in _texts():
        assert not any(word in en.lower() for word in banned_en), where
        assert not any(word in ja for word in banned_ja), where
    high = RULES.level_info(checker.Level.HIGH)
    assert "比較的" in high.label("ja") and "comparatively" in high.label("en").lower()


def _links() -> list[str]:
    """Every docs link the rules can show."""
    links = {o.link for q in RULES.questions for o in q.options if o.link}
    links |= {q.link for q in RULES.questions if q.link}
    links |= {a.link for a in RULES.steps + RULES.warnings if a.link}
    return sorted(links)


RULES_PARTIAL = os.path.join(os.path.dirname(DOCS), "overrides", "partials",
                             "checker-rules.md.html")


@pytest.mark.parametrize("link", _links())
def test_every_link_points_to_a_page_that_exists(link: str) -> None:
    """A link's page exists in Japanese and English, and both define its {#anchor} (or the
    generated "how it decides" text does). The build checks the same against the rendered
    headings (site_build/pages/links.py)."""
    page, _, anchor = link.partition("#")
    for name in (page, page[: -len(".md")] + ".en.md"):
        path = os.path.join(DOCS, name)
        assert os.path.isfile(path), f"missing page docs/{name} for {link}"
        if anchor:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            if "<!-- naitei:checker-rules -->" in text:
                with open(RULES_PARTIAL, encoding="utf-8") as handle:
                    text += handle.read().replace("{: #", "{#").replace(" }", "}")
            assert "{#" + anchor + "}" in text, f"docs/{name} lacks {{#{anchor}}}"


def test_to_dict_has_the_contract_keys() -> None:
    """to_dict carries exactly the keys the browser and the CLI rely on."""
    data = checker.evaluate({"quota": "unknown"}, "en").to_dict()
    assert set(data) == {"rules_version", "lang", "level", "level_label", "summary", "reasons",
                         "steps", "main_steps", "warnings", "unanswered", "unanswered_labels",
                         "answers", "disclaimer"}
    assert data["rules_version"] == checker.RULES_VERSION
    assert all(set(m) == {"id", "text", "link"} for m in data["steps"] + data["warnings"])


def test_unanswered_counts_as_a_cautious_answer_and_the_method_says_which() -> None:
    """A question left unanswered never raises the chance: it counts as an option no more
    favourable than the first neutral one (for the time since declining, the least favourable),
    and the method text names each stand-in, in both languages."""
    for question in SCORING:
        stand_in = question.option(question.unanswered_as)
        neutral = next(i for i, o in enumerate(question.options) if o.kind in (None, "lowers",
                                                                                 "caps"))
        assert stand_in.kind != "raises", question.id
        assert question.option_ids.index(stand_in.id) >= neutral, question.id
    assert RULES.question("elapsed").unanswered_as == RULES.question("elapsed").option_ids[-1]
    for lang in checker.LANGS:
        method = " ".join(checker.describe(lang)["method"])
        for question in SCORING:
            assert question.option(question.unanswered_as).label(lang) in method, question.id


def test_japanese_texts_say_teppai_for_the_students_act() -> None:
    """撤回 is the student's taking back of a decline: 取り消し/取消し appears only for the
    company's 内定取り消し (内定 shortly before it), and 撤回 is used."""
    texts = [ja for _, ja, _ in _texts()] + [t.ja for t in RULES.sources.values()]
    assert any("撤回" in ja for ja in texts)
    for ja in texts:
        for match in re.finditer("取り?消", ja):
            assert "内定" in ja[max(0, match.start() - 10):match.start()], ja
