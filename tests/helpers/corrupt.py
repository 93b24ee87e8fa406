"""Corrupting parsed data one entry at a time, for the loaders' never-crash properties."""

from __future__ import annotations

from typing import Any


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside nested dicts and lists."""
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += paths(value, prefix + (index,))
    return out


def corrupt(data: Any, path: tuple, action: str, replacement: object) -> None:
    """Delete the entry at path ("delete"), or put replacement in its place ("replace")."""
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
