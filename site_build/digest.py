"""Digests of files by name and bytes: the names of the build's caches and of the engine's
folder, and the version of the build's own code."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def files_digest(named: Iterable[tuple[str, Path]], *, seed: bytes = b"") -> str:
    """The sha256 hex digest of `seed`, then of each (name, file) in the order given: its name,
    then its bytes (a file that is not there counts by its name alone)."""
    digest = hashlib.sha256(seed)
    for name, path in named:
        digest.update(name.encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()
