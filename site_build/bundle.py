"""Build the files that run the checker in the browser: wheel, stdlib, lockfile, payload.

Pure build steps, no MkDocs imports: each takes paths and returns paths or data, so the hook
stays small and the steps can be tested on their own.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from site_build.digest import files_digest

ROOT = Path(__file__).resolve().parents[1]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / "build" / "checker-bundle"
STDLIB_LIST = Path(__file__).with_name("stdlib_modules.txt")
PACKAGE_NAME = "naitei-checker"
RUNTIME_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm")
PAYLOAD = "file-payload.js"
# Without docstrings, asserts and column ranges (tracebacks keep their line numbers), and
# deflated inside the zip: docs-dev/adr/0004-small-compiled-engine.md says why.
COMPILE_FLAGS = ("-OO", "-X", "no_debug_ranges")
ZIP_LEVEL = 9
# No clock in the archives the browser downloads, so the same sources give the same bytes on
# any machine (and the engine folder, named by a digest of them, changes only with them): each
# entry is dated ZIP_TIME, and each compiled file's record of its source's time is zero
# (nothing reads it: the archives hold no sources to compare it with). Zero rather than
# SOURCE_DATE_EPOCH's hash-based files, whose hashes deflate worse (about 0.6 KB more gzip).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PYC_TIME = slice(8, 12)  # a timestamp-based .pyc's source time (PEP 552 header: flags 0)


class BundleError(RuntimeError):
    """A build step failed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Bundle:
    """The built browser engine: where its files are and what the loader needs to know."""

    directory: Path
    pyodide_version: str
    wheel: str
    stdlib: str
    lockfile: dict

    @property
    def files(self) -> list[str]:
        return [*RUNTIME_FILES, self.wheel, self.stdlib, "pyodide-lock.json", PAYLOAD]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_digest() -> str:
    """Digest of everything the bundle is made from, to reuse a build while nothing changed."""
    inputs = sorted((ROOT / "checker").rglob("*"))
    inputs += [ROOT / "pyproject.toml", STDLIB_LIST, PYODIDE_DIR / "package.json", Path(__file__)]
    named = [(path.relative_to(ROOT).as_posix(), path) for path in inputs]
    # the vendored holiday package, named from its own folder (the environment may live anywhere)
    holidays = Path(importlib.util.find_spec("jpholiday").origin).parent
    named += [("jpholiday/" + path.relative_to(holidays).as_posix(), path)
              for path in sorted(holidays.rglob("*.py"))]
    return files_digest((name, path) for name, path in named
                           if path.is_file() and "__pycache__" not in path.parts)[:12]


def _run(*command: str | Path, cwd: Path) -> None:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BundleError(f"{' '.join(map(str, command[:4]))} failed:\n{done.stdout}{done.stderr}")


# Files of checker/ that the browser never runs: compiled caches, and the command line
# (`python -m checker`, for CPython only), which would cost every reader's download.
NOT_IN_THE_BROWSER = ("__pycache__", "__main__.py")


def build_wheel(out_dir: Path) -> Path:
    """`python -m build` the engine in a scratch copy
    (keeps build/ and egg-info out of the repo)."""
    with tempfile.TemporaryDirectory() as scratch:
        src = Path(scratch)
        shutil.copytree(ROOT / "checker", src / "checker",
                        ignore=shutil.ignore_patterns(*NOT_IN_THE_BROWSER))
        data_as_json(src / "checker")
        _vendor("jpholiday", src)
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        (src / "pyproject.toml").write_text(for_the_wheel(pyproject), encoding="utf-8")
        _run(
            sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out_dir, ".",
            cwd=src,
        )
    wheels = sorted(out_dir.glob("*.whl"))
    if len(wheels) != 1:
        raise BundleError(f"expected one wheel in {out_dir}, found {[w.name for w in wheels]}")
    return wheels[0]


def _vendor(name: str, src: Path) -> None:
    """Copy an installed pure-Python package (and its licence) beside the engine's source, so
    the wheel carries it: the browser installs nothing from an index."""
    import importlib.metadata
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise BundleError(f"{name} is not installed: run `make setup`")
    target = src / name
    shutil.copytree(spec.submodule_search_locations[0], target,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for file in importlib.metadata.distribution(name).files or ():
        if file.name.upper().startswith(("LICENSE", "LICENCE", "COPYING")):
            shutil.copyfile(file.locate(), target / "LICENSE")
            break


def without_readme(pyproject: str) -> str:
    """The project file minus its `readme`: the README is for people reading the repository,
    and as the wheel's long description it would be downloaded by every reader's browser."""
    lines = pyproject.splitlines(keepends=True)
    return "".join(line for line in lines if not line.replace(" ", "").startswith("readme="))


# Tables of the project file that belong to the site's build, not to the engine's wheel.
BUILD_ONLY_TABLES = ('[project.entry-points."mkdocs.plugins"]',)


def for_the_wheel(pyproject: str) -> str:
    """The project file as the engine's wheel sees it: no README (see `without_readme`) and no
    MkDocs plugin entry point (the wheel carries no `site_build`)."""
    kept, skipping = [], False
    for line in without_readme(pyproject).splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.strip() in BUILD_ONLY_TABLES
        if not skipping:
            kept.append(line)
    return "".join(kept)


def data_as_json(package: Path) -> None:
    """Replace each TOML data file of `package` by the same data as JSON: the browser parses
    JSON natively, TOML only in pure Python (tens of milliseconds at every start)."""
    for source in package.glob("*.toml"):
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        text = json.dumps(data, ensure_ascii=False)
        source.with_suffix(".json").write_text(text, encoding="utf-8")
        source.unlink()


def py_compile(path: Path) -> Path:
    """`pyodide py-compile` a wheel or zip in place; returns the compiled file's path.

    Compiled by the host Python (the same minor version as Pyodide's) with COMPILE_FLAGS and
    deflated at ZIP_LEVEL: what the browser downloads is about a third of plain `.pyc` files
    in a stored zip, and every golden case still runs on exactly these files
    (tests/test_engine_bundle.py)."""
    before = set(path.parent.iterdir())
    _run(  # stored: `as_shipped` deflates each entry once, as it rewrites it
        sys.executable, *COMPILE_FLAGS, "-m", "pyodide_cli", "py-compile", "--silent",
        "--compression-level", "0", path.name,
        cwd=path.parent,
    )
    made = [p for p in set(path.parent.iterdir()) - before] or [path]
    compiled = made[0] if made[0].exists() else path
    as_shipped(compiled)
    return compiled


def as_shipped(archive: Path) -> None:
    """Rewrite the zip `archive` as the browser gets it: every entry deflated at ZIP_LEVEL,
    dated ZIP_TIME, and each compiled file's source time zero, in the same order (the
    compiler dates what it writes, and what it compiles, by the clock)."""
    with zipfile.ZipFile(archive) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(archive, "w") as zout:
        for info, data in entries:
            if info.filename.endswith(".pyc") and not int.from_bytes(data[4:8], "little"):
                data = data[: PYC_TIME.start] + bytes(4) + data[PYC_TIME.stop :]
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, data, compresslevel=ZIP_LEVEL)


def stdlib_modules() -> list[str]:
    """Paths of the stdlib files the engine needs in Pyodide, one per line in the list file."""
    if not STDLIB_LIST.is_file():  # only while bootstrapping it with `make stdlib-list`
        return []
    lines = STDLIB_LIST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def trimmed_stdlib(target: Path, keep: list[str]) -> Path:
    """Copy only the kept files (paths inside the zip) out of Pyodide's `python_stdlib.zip`."""
    source = PYODIDE_DIR / "python_stdlib.zip"
    wanted = set(keep)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            if info.filename in wanted:
                zout.writestr(info, zin.read(info.filename))
        missing = sorted(wanted - set(zout.namelist()))
    if missing:
        raise BundleError(f"{STDLIB_LIST.name} names files not in Pyodide's stdlib: {missing}")
    return target


def lockfile_for(wheel: Path, info: dict) -> dict:
    """A pruned Pyodide lockfile that names only the engine's wheel."""
    entry = {
        "name": PACKAGE_NAME,
        "version": wheel.name.split("-")[1],
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256_of(wheel),
        "package_type": "package",
        "imports": ["checker", "jpholiday"],
        "depends": [],
        "unvendored_tests": False,
    }
    return {"info": info, "packages": {PACKAGE_NAME: entry}}


def pyodide_version() -> str:
    return json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"]


def build_bundle(cache_root: Path) -> Bundle:
    """Build (or reuse from cache) every file the in-page engine loads."""
    if not (PYODIDE_DIR / "pyodide.asm.wasm").is_file():
        raise BundleError("node_modules/pyodide is missing: run `npm ci` (or `make setup`)")
    directory = cache_root / source_digest()
    manifest = directory / "bundle.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return Bundle(directory=directory, **data)
    work = Path(tempfile.mkdtemp(dir=cache_root.mkdir(parents=True, exist_ok=True) or cache_root))
    wheel = py_compile(build_wheel(work))
    stdlib = py_compile(trimmed_stdlib(work / "python_stdlib.zip", stdlib_modules()))
    for name in RUNTIME_FILES:
        shutil.copyfile(PYODIDE_DIR / name, work / name)
    info = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    lockfile = lockfile_for(wheel, info)
    (work / "pyodide-lock.json").write_text(json.dumps(lockfile, indent=1), encoding="utf-8")
    (work / PAYLOAD).write_text(
        file_payload_script(work, [RUNTIME_FILES[2], stdlib.name, wheel.name])
    )
    data = {"pyodide_version": pyodide_version(), "wheel": wheel.name, "stdlib": stdlib.name,
            "lockfile": lockfile}
    (work / "bundle.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    if not manifest.is_file():
        shutil.rmtree(directory, ignore_errors=True)  # a folder left without its manifest
    try:
        work.rename(directory)
    except OSError:  # another build of the same sources (a parallel test) finished first
        if not manifest.is_file():
            raise
        shutil.rmtree(work, ignore_errors=True)
    return Bundle(directory=directory, **data)


def file_payload_script(directory: Path, names: list[str]) -> str:
    """A classic script carrying binary files gzip+base64-encoded, for `file://` pages only."""
    encoded = {
        name: base64.b64encode(gzip.compress((directory / name).read_bytes(), 6, mtime=0)).decode()
        for name in names
    }
    return "self.__naiteiPayload = " + json.dumps(encoded) + ";\n"


if __name__ == "__main__":  # `python -m site_build.bundle` prints the bundle folder
    print(build_bundle(CACHE).directory)
