"""Typed readers for the TOML data: each checks one value and returns it, or raises RulesError
whose message starts with the path of the bad entry (`compose.fields[answer_by].input: ...`).

Every data file (rules.toml, ui.toml, compose.toml, call.toml) is read with these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .model import LANGS, LEVELS, Level, RulesError, Text

__all__ = ["RulesError", "array", "boolean", "fail", "ident", "ids", "integer", "level",
           "link", "mapping", "one_of", "string", "table", "template", "text", "unique", "where",
           "within"]

ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def fail(path: str, message: str) -> RulesError:
    """An error naming the entry at path."""
    return RulesError(f"{path}: {message}")


@contextmanager
def within(root: str) -> Iterator[None]:
    """Name the file in every error raised inside: `outcomes.wait` becomes `call.outcomes.wait`."""
    try:
        yield
    except RulesError as error:
        message = str(error)
        if message.startswith((f"{root}.", f"{root}:", f"{root}[")):
            raise
        raise RulesError(f"{root}.{message}") from None


def table(value: object, path: str, required: Iterable[str] = (),
          optional: Iterable[str] = ()) -> dict[str, Any]:
    """A table with all the required keys, maybe some optional ones, and no other."""
    required, optional = tuple(required), tuple(optional)
    if not isinstance(value, dict):
        raise fail(path, f"expected a table, got {type(value).__name__}")
    missing = [key for key in required if key not in value]
    if missing:
        raise fail(path, f"missing {', '.join(missing)}")
    unknown = [key for key in value if key not in required and key not in optional]
    if unknown:
        raise fail(path, f"unknown key {', '.join(map(repr, unknown))}; "
                         f"accepted: {', '.join(required + optional)}")
    return value


def mapping(value: object, path: str) -> dict[str, Any]:
    """A non-empty table whose keys are ids (entries named by their key)."""
    if not isinstance(value, dict) or not value:
        raise fail(path, "expected a non-empty table")
    for key in value:
        ident(key, f"{path}.{key}")
    return value


def array(value: object, path: str) -> list[Any]:
    """A non-empty array."""
    if not isinstance(value, list) or not value:
        raise fail(path, "expected a non-empty array")
    return value


def string(value: object, path: str) -> str:
    """A non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise fail(path, "expected a non-empty string")
    return value


def integer(value: object, path: str, least: int | None = None) -> int:
    """An integer (not a boolean), at least `least` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(path, "expected an integer")
    if least is not None and value < least:
        raise fail(path, f"expected at least {least}")
    return value


def boolean(value: object, path: str) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise fail(path, "expected true or false")
    return value


def ident(value: object, path: str) -> str:
    """An id: lower-case letters, digits, '-' and '_'."""
    word = string(value, path)
    if not set(word) <= ID_CHARS:
        raise fail(path, f"bad id {word!r}: use lower-case letters, digits, '-' and '_'")
    return word


def one_of(value: object, path: str, accepted: Iterable[str], what: str = "value") -> str:
    """One of the accepted strings."""
    accepted = tuple(accepted)
    if not isinstance(value, str) or value not in accepted:
        raise fail(path, f"unknown {what} {value!r}; accepted: {', '.join(accepted)}")
    return value


def ids(value: object, path: str, accepted: Iterable[str], what: str = "id") -> list[str]:
    """A non-empty array of strings, each one of the accepted."""
    accepted = tuple(accepted)
    return [one_of(string(item, path), path, accepted, what) for item in array(value, path)]


def text(value: object, path: str) -> Text:
    """A text given in every language, and in no other."""
    entry = table(value, path, LANGS)
    return Text(**{lang: string(entry[lang], f"{path}.{lang}") for lang in LANGS})


def line(value: object, path: str) -> dict[str, str]:
    """A line of a message: a string in every language, blank in all or written in all."""
    entry = table(value, path, LANGS)
    for lang in LANGS:
        if not isinstance(entry[lang], str):
            raise fail(f"{path}.{lang}", "expected a string")
    if len({bool(entry[lang]) for lang in LANGS}) > 1:
        raise fail(path, "a blank line must be blank in every language")
    return entry


def template(words: Text, path: str, **values: Any) -> Text:
    """A text whose placeholders all format with the given values."""
    for lang in LANGS:
        try:
            words.get(lang).format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise fail(f"{path}.{lang}", f"bad placeholder ({error!r}); accepted: "
                                         f"{', '.join(values) or 'none'}") from None
    return words


def link(value: object, path: str) -> str:
    """A docs link, "page.md" or "page.md#anchor"."""
    target = string(value, path)
    page, _, anchor = target.partition("#")
    if not page.endswith(".md") or " " in page or page.startswith(("/", ".")) or "\\" in page:
        raise fail(path, f"bad link {target!r}: expected 'page.md' or 'page.md#anchor'")
    if "#" in target and (not anchor or not set(anchor) <= ID_CHARS):
        raise fail(path, f"bad anchor in link {target!r}")
    return target


def level(value: object, path: str) -> Level:
    """A level id."""
    return Level(one_of(value, path, LEVELS, "level"))


def where(value: object, path: str, index: int) -> str:
    """Path of an array entry: by its id when it has a plain one, else by its index."""
    key = value.get("id") if isinstance(value, dict) else None
    if isinstance(key, str) and key and set(key) <= ID_CHARS:
        return f"{path}[{key}]"
    return f"{path}[{index}]"


def unique(items: Iterable[str], path: str) -> None:
    """Fail on a repeated id."""
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise fail(path, f"duplicate id {item!r}")
        seen.add(item)
