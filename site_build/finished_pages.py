"""Finished pages kept between builds. The last steps over each built page (its search settings,
its Content Security Policy, the files it loads) parse the whole page; a rebuild gives most
pages the same HTML as before, so a page whose HTML, address and language are the same as in an
earlier build, finished by the same build code, gets that build's result back instead.

Entries are named by a digest of all of that, so none can be stale; those a build did not use
are removed when it ends (an entry a concurrent build just wrote or used is kept).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from site_build.digest import files_digest
from site_build.postprocess.csp import SHIM_SOURCE

PACKAGE = Path(__file__).resolve().parent
CACHE = PACKAGE.parent / "build" / "finished-pages"
GRACE_S = 1.0  # file times may lag the clock a little: entries this close to the start stay

Finished = tuple[str, list[str]]  # the page's final HTML, the files it loads


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the build's own code and data, and of the shim the policy hashes."""
    sources = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files_digest([*((p.relative_to(PACKAGE).as_posix(), p) for p in sources),
                            ("iframe-worker shim", SHIM_SOURCE)])


class FinishedPages:
    """The store for one build (made when it starts; `prune` when it ends)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or CACHE
        self.started = time.time()
        self.code = code_digest()

    def finished(self, html: str, page: str, lang: str, folder: str,
                 finish: Callable[[], Finished]) -> Finished:
        """`finish()`, or its result from an earlier build of the same page."""
        key = hashlib.sha256("\0".join([self.code, page, lang, folder, html]).encode())
        path = self.root / f"{key.hexdigest()}.json"
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            os.utime(path)  # used by this build: `prune` keeps it
            return kept["html"], kept["loads"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not kept (or unreadable): finish it again
        result = finish()
        self._keep(path, result)
        return result

    def _keep(self, path: Path, result: Finished) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps({"html": result[0], "loads": result[1]}),
                               encoding="utf-8")
            os.replace(partial, path)  # whole or absent, for a concurrent build reading it
        except OSError:
            pass  # a read-only checkout builds as before, without keeping anything

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        for entry in self.root.glob("*"):  # and what a build that stopped half-wrote
            try:
                if entry.stat().st_mtime < self.started - GRACE_S:
                    entry.unlink()
            except OSError:
                pass  # removed by a concurrent build
