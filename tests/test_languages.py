"""The languages of checker/languages.toml: each with its gloss flag and its typography."""

import pytest

from checker.model import LANGUAGES, RulesError, _languages

GOOD = {"id": "ja", "gloss": False, "brackets": ["（", "）"], "colon": "：", "sentence_gap": ""}


def test_the_first_language_has_no_gloss_and_the_others_do() -> None:
    first, *others = LANGUAGES.values()
    assert not first.gloss and all(language.gloss for language in others)


@pytest.mark.parametrize("change", [{"brackets": ["（"]}, {"brackets": ["", "）"]},
                                    {"colon": 1}, {"sentence_gap": None}, {"gloss": "no"},
                                    {"spacing": "wide"}])
def test_a_language_with_bad_or_unknown_typography_is_refused(change) -> None:
    with pytest.raises(RulesError, match=r"languages\[0\]: expected .*brackets, colon"):
        _languages({"languages": [GOOD | change]})


@pytest.mark.parametrize("mark", ["brackets", "colon", "sentence_gap"])
def test_a_language_without_a_mark_is_refused(mark) -> None:
    entry = {key: value for key, value in GOOD.items() if key != mark}
    with pytest.raises(RulesError, match=r"languages\[0\]"):
        _languages({"languages": [entry]})


def test_a_well_formed_language_keeps_its_marks() -> None:
    language = _languages({"languages": [GOOD]})["ja"]
    assert (language.brackets, language.colon, language.sentence_gap) == (("（", "）"), "：", "")
