"""The message composer: golden drafts checked against the keigo rules, details, validation."""

from __future__ import annotations

import copy
import importlib
import json
import re
import tomllib
from pathlib import Path

import pytest

import checker
from checker.model import RulesError

composer = importlib.import_module("checker.compose")  # the module; checker.compose is the function
SPEC = composer.spec()
STATUSES = [s["id"] for s in SPEC["statuses"]]
REASONS = [r["id"] for r in SPEC["reasons"]]
REQUESTS = [s for s in STATUSES if s != "refused"]
PLACEHOLDERS = [f["placeholder"]["ja"] for f in SPEC["fields"]]
GOLDEN_DATA = tomllib.loads(Path(__file__).with_name("compose_golden.toml").read_text("utf-8"))
TODAY = GOLDEN_DATA["today"]
FULL = GOLDEN_DATA["details"]
WRITING = ("subject", "email")
SPEECH = ("phone", "phone_if_out")


def draft(status: str, reason: str, lang: str = "ja", **changes: str) -> dict:
    return checker.compose(FULL | {"call_status": status, "reason": reason} | changes, lang,
                           today=TODAY)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


GOLDEN = [(s, r, lang) for s in STATUSES for r in REASONS for lang in checker.LANGS]


@pytest.mark.parametrize(("status", "reason", "lang"), GOLDEN)
def test_a_full_draft_has_every_detail_and_no_placeholder(status, reason, lang):
    """With every detail given, nothing is unfilled, no ［…］ remains, the details all appear."""
    got = draft(status, reason, lang)
    texts = "\n".join(got[part] for part in composer.PARTS)
    assert got["unfilled"] == [] and got["missing"] == []
    assert not [p for p in PLACEHOLDERS if p in texts]
    assert not re.search(r"[{}［］]", texts)
    for field in ("company", "contact", "department", "name", "school", "phone", "email"):
        assert FULL[field] in got["email"], field
    assert got["call_status"] == status and got["lang"] == lang


@pytest.mark.parametrize(("status", "reason", "lang"), GOLDEN)
def test_keigo_kisha_in_writing_onsha_in_speech(status, reason, lang):
    """The emails say 貴社 and never 御社; the phone notes say 御社 and never 貴社."""
    got = draft(status, reason, lang)
    for part in WRITING:
        assert "御社" not in got[part], part
    for part in SPEECH:
        assert "貴社" not in got[part], part
    assert "貴社" in got["email"]
    assert "御社" in got["phone"]


@pytest.mark.parametrize(("status", "reason", "lang"), GOLDEN)
def test_no_banned_phrase_and_no_repeated_line(status, reason, lang):
    """No past-tense thanks, 採用の予定, 電話があった旨 or 取り消し for the student's act; no
    line said twice and the greeting once per text."""
    got = draft(status, reason, lang)
    for part in composer.PARTS:
        text = got[part]
        for phrase in ("ありがとうございました", "採用の予定", "電話があった旨", "辞退を取り消",
                       "辞退の取り消", *SPEC["keigo"]["banned"]):
            assert phrase not in text, (part, phrase)
        said = [line for line in lines(text) if not set(line) <= {"-"}]
        assert len(said) == len(set(said)), part
        assert text.count("お世話になっております") <= 1, part


@pytest.mark.parametrize(("status", "reason"), [(s, r) for s in REQUESTS for r in REASONS])
def test_a_request_email_follows_the_rules(status, reason):
    """Subject 内定辞退の撤回のお願い（大学名・氏名）, 撤回, the apology for not visiting with an
    offer to come, 採用予定人数, the date as 11月20日, and after a call, a line about the answer."""
    got = draft(status, reason)
    assert got["subject"] == f"内定辞退の撤回のお願い（{FULL['school']}・{FULL['name']}）"
    email = got["email"]
    assert "撤回させていただく" in email
    assert "本来であれば直接お伺いしてお詫びすべきところ" in email
    assert "貴社へお伺いし" in email  # the offer to come, in writing: 貴社
    assert "採用予定人数に達している" in email
    assert "11月20日には" in email and "2026年" not in email
    assert ("お返事" in email) == (status == "spoke")
    assert email.startswith(f"{FULL['company']}\n{FULL['department']}\n{FULL['contact']}様\n")


@pytest.mark.parametrize("status", ["unreached", "not_yet"])
def test_a_first_email_never_presses_for_an_answer_date(status):
    """Before anyone has spoken, the email asks for no answer date (that is asked on the phone),
    and stacks no third request."""
    email = draft(status, "health")["email"]
    assert "お返事" not in email and "時期の目安" not in email
    assert email.count("でしょうか") <= 2


@pytest.mark.parametrize(("answer_by", "line"), [
    ("2026-12-10", "お電話では、12月10日ごろにお返事をいただけるとのこと、承知いたしました。"),
    ("", "お返事をお待ちしております。")])
def test_after_a_call_the_closing_follows_the_answer_date_given_on_the_phone(answer_by, line):
    """With the date heard on the phone the spoke email names it; without one it waits."""
    email = draft("spoke", "family", answer_by=answer_by)["email"]
    assert line in email and "お返事をお待ちしております。" in email


def test_the_unreached_email_says_the_call_failed_and_will_be_repeated():
    """call_status=unreached: could not reach you, I will call again."""
    email = draft("unreached", "family")["email"]
    assert "ご不在" in email and "改めてお電話" in email
    assert "ご不在" not in draft("spoke", "family")["email"]


@pytest.mark.parametrize("reason", REASONS)
def test_after_a_refusal_a_short_thank_you_that_asks_nothing(reason):
    """call_status=refused: thanks and an apology, no request, no question, no reason."""
    got = draft("refused", reason)
    requests = draft("spoke", reason)
    email = got["email"]
    assert "ありがとうございます" in email and "お詫び" in email
    assert "でしょうか" not in email and "か。" not in email
    assert "撤回させて" not in email and "お返事" not in email
    assert FULL["reason_note"] not in email
    assert len(email) < len(requests["email"]) * 2 / 3
    assert got["subject"] != requests["subject"] and FULL["name"] in got["subject"]
    assert got["phone_if_out"] == ""


@pytest.mark.parametrize(("status", "reason"), [(s, r) for s in REQUESTS for r in REASONS])
def test_the_phone_notes_keep_the_order_of_a_call(status, reason):
    """Name yourself, apologise, ask, give the reason, ask about next steps, thank."""
    got = draft(status, reason)
    steps = re.split(r"^【\d ", got["phone"], flags=re.M)[1:]
    assert [s.split("】")[0] for s in steps] == [
        "名乗る", "お詫びする", "お願いする", "理由を伝える", "今後について伺う", "お礼を言う"]
    assert FULL["name"] in steps[0] and FULL["school"] in steps[0]
    assert "申し訳ございません" in steps[1]
    assert "撤回させていただく" in steps[2]
    reason_text = next(r for r in SPEC["reasons"] if r["id"] == reason)["text"]["ja"]
    assert reason_text.format(reason_note=FULL["reason_note"] + "。") in steps[3]
    assert "お返事" in steps[4] and "採用予定人数に達して" in steps[4]
    assert "ありがとうございます" in steps[5]


@pytest.mark.parametrize("status", REQUESTS)
def test_the_message_left_with_a_colleague_has_the_phone_number(status):
    """If the contact is out: ask when they are back, leave name and phone number."""
    out = draft(status, "family")["phone_if_out"]
    assert FULL["phone"] in out and FULL["name"] in out and "お戻り" in out
    assert "電話番号" not in draft(status, "family", phone="")["phone_if_out"]


@pytest.mark.parametrize(("status", "reason"), [(s, r) for s in STATUSES for r in REASONS])
def test_the_english_gloss_sits_beside_the_same_japanese(status, reason):
    """lang=en: the Japanese texts equal those for ja; the gloss pairs every Japanese line
    with its English meaning; ja has no gloss."""
    ja, en = draft(status, reason, "ja"), draft(status, reason, "en")
    assert ja["gloss"] is None
    for part in composer.PARTS:
        assert en[part] == ja[part]
        pairs = en["gloss"][part]
        assert "\n".join(p["ja"] for p in pairs) == ja[part]
        for pair in pairs:
            assert bool(pair["en"]) == bool(pair["ja"])
            if not pair["ja"].isascii() and not any(v in pair["ja"] for v in FULL.values()):
                assert pair["en"].isascii() and pair["en"] != pair["ja"], pair


def test_the_gloss_is_natural_english():
    """The English reads as English letters do."""
    gloss = " ".join(p["en"] for p in draft("spoke", "family", "en")["gloss"]["email"])
    assert "Thank you for your continued support." in gloss
    assert "I would come at whatever time suits you" in gloss
    assert "On 20 November," in gloss


def test_a_blank_contact_is_the_recruitment_team_and_optional_blanks_are_reported():
    """Blank contact: 採用ご担当者様; every blank optional detail is listed in missing and its
    line is left out, without a placeholder."""
    details = {"company": "A社", "name": "山田", "school": "北大学", "reason": "health"}
    got = checker.compose(details)
    assert "\n採用ご担当者様\n" in got["email"] and "様はいらっしゃ" not in got["phone"]
    assert got["unfilled"] == []
    assert got["missing"] == ["contact", "department", "phone", "email", "declined_on",
                              "reason_note", "answer_by", "residence", "call_status"]
    assert "先日は、内定をいただきながら" in got["email"] and "電話：" not in got["email"]
    assert got["call_status"] == SPEC["default_status"]


def test_blank_required_details_become_visible_placeholders():
    """A missing company, name, school or reason shows as ［…］ and is reported in unfilled."""
    got = checker.compose({})
    assert got["unfilled"] == ["company", "name", "school", "reason"]
    for field in SPEC["fields"]:
        if field["id"] in got["unfilled"]:
            assert field["placeholder"]["ja"] in got["email"]
    assert not set(got["unfilled"]) & set(got["missing"])


def test_another_reason_is_the_readers_note_said_once():
    """reason=other: the note is the reason (said once, with a full stop); without it, a
    placeholder is left and reason_note is unfilled."""
    got = draft("spoke", "other", reason_note="研究室の事情が変わりました")
    assert got["email"].count("研究室の事情が変わりました") == 1
    assert got["phone"].count("研究室の事情が変わりました") == 1
    bare = draft("spoke", "other", reason_note="")
    assert bare["unfilled"] == ["reason_note"]
    note = next(f for f in SPEC["fields"] if f["id"] == "reason_note")["placeholder"]["ja"]
    assert note in bare["email"]


@pytest.mark.parametrize(("declined_on", "today", "ja", "en"), [
    ("2026-11-20", "2026-12-01", "11月20日", "20 November"),
    ("2025-12-24", "2026-01-05", "2025年12月24日", "24 December 2025"),
    ("2024-02-29", "2024-03-01", "2月29日", "29 February"),
    ("2026-03-05", None, "2026年3月5日", "5 March 2026"),
])
def test_dates_read_as_japanese_readers_expect(declined_on, today, ja, en):
    """11月20日 this year, with 年 for another year (or when today is not known)."""
    got = checker.compose(FULL | {"declined_on": declined_on, "reason": "health"}, "en",
                          today=today)
    assert f"{ja}に" in got["email"]
    assert any(en in pair["en"] for pair in got["gloss"]["email"])


@pytest.mark.parametrize(("details", "field", "accepted"), [
    ({"colour": "red"}, "colour", "accepted: company, contact, department, name, school"),
    ({"reason": "love"}, "reason", "accepted: family, health, offer_revoked, reconsidered, other"),
    ({"call_status": "maybe"}, "call_status", "accepted: spoke, unreached, not_yet, refused"),
    ({"declined_on": "2025-02-29"}, "declined_on", "YYYY-MM-DD"),
    ({"declined_on": "1900-02-29"}, "declined_on", "YYYY-MM-DD"),
    ({"declined_on": "2025-04-31"}, "declined_on", "YYYY-MM-DD"),
    ({"declined_on": "2025-1-05"}, "declined_on", "YYYY-MM-DD"),
    ({"declined_on": "２０２５-０１-０５"}, "declined_on", "YYYY-MM-DD"),
    ({"declined_on": "yesterday"}, "declined_on", "YYYY-MM-DD"),
    ({"declined_on": "2026-12-02"}, "declined_on", "up to today"),
    ({"company": "あ" * 101}, "company", "at most 100"),
    ({"name": "山田\n太郎"}, "name", "without control characters"),
    ({"school": "大学\u202e"}, "school", "without control characters"),
    ({"phone": 9012345678}, "phone", "expected text"),
])
def test_a_bad_detail_gets_a_clear_error(details, field, accepted):
    """Each bad detail raises InvalidDetail (a ValueError) naming the field and what is accepted."""
    with pytest.raises(ValueError) as caught:
        checker.compose(details, today=TODAY)
    assert isinstance(caught.value, composer.InvalidDetail)
    assert caught.value.field == field
    assert str(caught.value).startswith((f"{field}:", "unknown field"))
    assert field in str(caught.value) and accepted in str(caught.value)


def test_good_edge_values_are_accepted():
    """100 characters, a leap day, today itself and blank or None values are fine."""
    got = checker.compose({"company": "あ" * 100, "declined_on": "2000-02-29", "contact": None,
                           "department": "  "}, today="2000-02-29")
    assert "あ" * 100 in got["email"] and "contact" in got["missing"]


@pytest.mark.parametrize(("details", "today", "lang"), [
    ([], None, "ja"), ({}, "2026-13-01", "ja"), ({}, None, "fr")])
def test_bad_arguments_are_refused(details, today, lang):
    """Details that are not a mapping, a bad today, an unknown language: ValueError."""
    with pytest.raises(ValueError, match="accepted"):
        checker.compose(details, lang, today=today)


def test_compose_json_is_the_browser_seam():
    """JSON in, the same draft out; a bad detail or bad JSON gives {"error", "field",
    "message"}; the page's engine calls it as checker.browser.compose_json."""
    assert checker.browser.compose_json is composer.compose_json
    details = FULL | {"reason": "health"}
    got = json.loads(composer.compose_json(json.dumps(details), "en", TODAY))
    assert got == json.loads(json.dumps(checker.compose(details, "en", today=TODAY)))
    error = json.loads(composer.compose_json('{"reason": "x"}', "ja", ""))
    assert error["field"] == "reason" and "accepted" in error["error"]
    bad_json = json.loads(composer.compose_json("not json", "ja"))
    assert set(bad_json) == {"error", "field", "message"} and bad_json["field"] is None
    assert bad_json["message"] == SPEC["errors"]["unreadable"]["ja"]
    assert "error" in json.loads(composer.compose_json("[]", "ja"))
    for args in ((None, "ja"), ("{}", "fr"), ("{}", "ja", "2026-13-01"), ("{}", None, None)):
        refused = json.loads(composer.compose_json(*args))
        assert refused["error"] and refused["message"], args


# Each kind of bad detail the page can meet: the details, the field, the [errors] code.
REFUSED = [
    ({"company": 1}, "company", "not_text"),
    ({"name": "山田\t太郎"}, "name", "control_character"),
    ({"school": "あ" * 101}, "school", "too_long"),
    ({"reason": "love"}, "reason", "unknown_choice"),
    ({"declined_on": "2025-02-30"}, "declined_on", "not_a_date"),
    ({"declined_on": "2026-12-02"}, "declined_on", "future_date"),
    ({"colour": "red"}, "colour", "unreadable"),
    ({"reason": "reconsidered"}, "reason_note", "note_needed"),
]


def test_every_kind_of_problem_is_met_here():
    """The cases above cover every code the engine can give a field (the data's list)."""
    assert {code for _, _, code in REFUSED} == set(composer.ERROR_CODES) - {"internal"}


@pytest.mark.parametrize("lang", checker.LANGS)
@pytest.mark.parametrize(("details", "field", "code"), REFUSED)
def test_a_refused_detail_is_explained_in_the_readers_language(details, field, code, lang):
    """The seam's message for a refused detail is that problem's text from compose.toml in the
    page's language, its placeholders filled (lengths, the limit, the date example, today)."""
    got = json.loads(composer.compose_json(json.dumps(details), lang, TODAY))
    assert got["field"] == field and got["error"].startswith((f"{field}:", "unknown field"))
    template = SPEC["errors"][code][lang]
    fixed = [piece for piece in re.split(r"\{\w+\}", template) if piece]
    assert fixed and all(piece in got["message"] for piece in fixed), (template, got)
    assert not re.search(r"[{}]", got["message"])
    if code == "too_long":
        assert "101" in got["message"] and str(SPEC["max_length"]) in got["message"]
    if code == "future_date":
        assert ("2026年12月1日" if lang == "ja" else "1 December 2026") in got["message"]


def test_the_page_texts_exist_in_both_languages_by_dotted_key():
    """ui_text flattens compose.toml's [ui] tables into dotted keys, the same keys in each
    language, each text written."""
    texts = {lang: composer.ui_text(lang) for lang in checker.LANGS}
    assert texts["ja"].keys() == texts["en"].keys()
    assert {"subject", "status.loading", "copy.email", "send.mailto"} <= texts["en"].keys()
    assert all(value.strip() for table in texts.values() for value in table.values())


def test_the_field_ids_are_the_contract():
    """The detail ids the page and the CLI use, in order."""
    assert composer.field_ids() == (
        "company", "contact", "department", "name", "school", "phone", "email", "declined_on",
        "reason", "reason_note", "answer_by", "residence", "call_status")
    form = composer.fields("en")
    assert [f["id"] for f in form] == list(composer.field_ids())
    choices = {f["id"]: [c["id"] for c in f["choices"]] for f in form}
    assert choices["reason"] == REASONS and choices["call_status"] == STATUSES
    assert all(f["label"] for f in form)


@pytest.mark.parametrize("model_id", [m["id"] for m in SPEC["models"]])
def test_the_templates_page_models_show_placeholders_and_keep_the_register(model_id):
    """Each static model names the reader's details as ［…］ and keeps 貴社/御社 apart."""
    got = composer.model(model_id, "en")
    for part in got["parts"]:
        assert "［" in part["text"] and "{" not in part["text"]
        other = "御社" if part["register"] == "writing" else "貴社"
        assert other not in part["text"]
        assert "\n".join(p["ja"] for p in part["lines"]) == part["text"]
    with pytest.raises(ValueError, match="accepted"):
        composer.model("nope")


@pytest.mark.parametrize(("path", "value", "message"), [
    (("parts", "email", "blocks", 0, "lines", 0, "ja"), "御社へ", "in a writing part"),
    (("parts", "phone", "blocks", 0, "lines", 1, "ja"), "貴社の", "in a speech part"),
    (("parts", "email", "blocks", 4, "lines", 1, "ja"), "ありがとうございました", "ban"),
    (("parts", "email", "blocks", 4, "lines", 1, "en"), "", "blank in every language"),
    (("parts", "email", "blocks", 0, "lines", 0, "en"), "{nope}", "bad placeholder"),
    (("parts", "email", "blocks", 1, "given"), ["nope"], "accepted"),
    (("default_status", ), "sometimes", "names no status"),
    (("reasons", 0, "text", "ja"), "{company_word}です", "bad placeholder"),
    (("errors", "too_long", "ja"), "{limit}文字まで", "bad placeholder"),
    (("errors", "too_long"), {"ja": "長すぎます"}, r"errors\.too_long: missing en"),
    (("ui", "status", "loading", "en"), "", r"ui\.status\.loading\.en: expected a non-empty"),
    (("fields", 5, "input"), "phone", "accepted: text, tel, email, date"),
    (("errors",), {"not_text": {"ja": "文字で", "en": "As text"}}, "lacks control_character"),
])
def test_the_data_is_checked_when_it_loads(path, value, message):
    """Wording that breaks a keigo rule or names an unknown detail fails loudly, by entry."""
    data = copy.deepcopy(SPEC)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(RulesError, match=message):
        composer._validate(data)


@pytest.mark.parametrize("phrase", SPEC["keigo"]["banned"])
def test_a_banned_phrase_in_any_line_is_refused_naming_the_line(phrase):
    """Adding a banned phrase (data in compose.toml) to a copy of the data makes the loader
    refuse it, naming the part, block and line."""
    data = copy.deepcopy(SPEC)
    block = next(i for i, b in enumerate(data["parts"]["phone"]["blocks"]) if len(b["lines"]) > 3)
    data["parts"]["phone"]["blocks"][block]["lines"][2]["ja"] = f"本当に{phrase}。"
    with pytest.raises(RulesError, match=rf"parts\.phone\.blocks\[{block}\]\.lines\[2\]: says "
                                         rf"'{phrase}', which the keigo rules ban"):
        composer._validate(data)


@pytest.mark.parametrize("phrase", SPEC["keigo"]["request_email_must_say"])
def test_a_request_email_that_could_leave_out_a_required_phrase_is_refused(phrase):
    """Each phrase every request email must say is enforced at load: taking it out of the
    data is refused, naming the status."""
    data = copy.deepcopy(SPEC)
    for block in data["parts"]["email"]["blocks"]:
        block["lines"] = [line | {"ja": line["ja"].replace(phrase, "X")} for line in block["lines"]]
    with pytest.raises(RulesError, match=rf"a request email \(\w+\) can leave out '{phrase}'"):
        composer._validate(data)


@pytest.mark.parametrize(("note", "shown"), [
    ("I want to work in Sapporo", "I want to work in Sapporo\n"),
    ("札幌で働けるようになった", "札幌で働けるようになった。"),
    ("入社は2027", "入社は2027\n"),
    ("準備ができた。", "準備ができた。\n"),
])
def test_no_full_stop_after_a_latin_letter_or_a_digit(note, shown):
    """The engine adds 「。」 to a note that ends in Japanese, never after a Latin letter or a
    digit (a name or a number)."""
    got = checker.compose(FULL | {"reason": "other", "reason_note": note}, today=TODAY)
    assert shown in got["email"]


@pytest.mark.parametrize("lang", checker.LANGS)
def test_mostly_latin_details_that_go_into_the_japanese_get_a_notice(lang):
    """company, school, department and reason_note in mostly Latin letters get the notice
    (the draft is still made); Japanese, and a katakana or romaji name, do not."""
    latin = {"company": "Minato Trading Co.", "school": "Hokkai Gakuin University",
             "department": "HR", "reason_note": "My visa is now clear", "name": "Nguyen Van An"}
    got = checker.compose(FULL | {"reason": "other"} | latin, lang, today=TODAY)
    assert [n["field"] for n in got["notices"]] == ["company", "department", "school",
                                                    "reason_note"]
    assert {n["message"] for n in got["notices"]} == {SPEC["notices"]["latin"][lang]}
    assert got["email"] and FULL["company"] not in got["email"]
    assert checker.compose(FULL | {"reason": "health", "name": "グエン・ヴァン・アン",
                                   "company": "ABC商事株式会社"}, lang,
                           today=TODAY)["notices"] == []


def test_reconsidered_without_a_note_is_refused_naming_the_field():
    """reason=reconsidered needs the reader's own note: refused with a message naming
    reason_note and what to write, in both languages; with a note, the note is the reason."""
    with pytest.raises(composer.InvalidDetail, match="reason_note: .*needs the note") as error:
        checker.compose({"reason": "reconsidered"})
    assert error.value.field == "reason_note" and error.value.code == "note_needed"
    ja = composer.reader_message(error.value, "ja")
    en = composer.reader_message(error.value, "en")
    assert "補足欄" in ja and "なぜこの会社で働きたいと気づいたのか" in ja
    assert "in Japanese" in en and "why you realised" in en
    note = "研修制度を知り、ここで力をつけたいと考えました"
    got = draft("spoke", "reconsidered", reason_note=note)
    assert got["email"].count(note) == 1 and "やはり貴社で働かせていただきたい" not in got["email"]


def test_an_offer_revoked_draft_apologises_for_the_circumstance_and_says_why_this_company():
    """The revoked offer is told as a circumstance, with a second apology, then the reader's
    own reason for this company: never "the other fell through, so now you"."""
    email = draft("spoke", "offer_revoked")["email"]
    revoked = email.index("内定を取り消されました")
    assert email.index("重ねてお詫び申し上げます") > revoked
    assert email.index(FULL["reason_note"]) > email.index("重ねてお詫び申し上げます")


@pytest.mark.parametrize("lang", checker.LANGS)
def test_the_phone_comes_first(lang):
    """With call_status blank the draft is the phone notes plus the email after a call, and the
    email-first status says when it is meant."""
    assert SPEC["default_status"] == "spoke"
    assert checker.compose(FULL | {"reason": "health"}, lang)["call_status"] == "spoke"
    label = next(s["label"][lang] for s in SPEC["statuses"] if s["id"] == "not_yet")
    assert ("メールで" in label) if lang == "ja" else ("asked for email" in label)


def test_the_phone_notes_apologise_for_not_visiting_and_offer_to_come():
    """The phone notes carry the line about apologising in person and the offer to visit; the
    residence line comes with the detail; reception's 用件 line, the come-in and waiting-list
    lines are there."""
    phone = draft("spoke", "family")["phone"]
    for line in ("本来であれば直接お伺いしてお詫びすべきところ、お電話にて失礼いたします",
                 "御社へお伺いし", "（用件を聞かれたら）内定の件で", "（来社を求められたら）",
                 "もし今後欠員が出ましたら", "在留資格の変更手続きが必要です"):
        assert line in phone, line
    assert "在留資格" not in draft("spoke", "family", residence="")["phone"]
    assert "在留資格の変更申請が必要です" in draft("unreached", "health")["email"]


def test_the_readers_note_names_the_company_in_each_parts_register():
    """A note typed with 貴社 says 御社 in the phone notes, and one typed with 御社 says 貴社 in
    the email: the reader's words follow the register of the part they go into."""
    for typed in ("貴社", "御社"):
        note = f"{typed}の研修制度を知り、ここで力をつけたいと考えました"
        got = draft("spoke", "reconsidered", reason_note=note)
        assert "貴社の研修制度" in got["email"] and "御社の研修制度" not in got["email"]
        assert "御社の研修制度" in got["phone"] and "貴社の研修制度" not in got["phone"]
