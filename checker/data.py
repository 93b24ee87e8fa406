"""Read a data file beside this module (the TOML source, or the JSON the wheel ships)."""

from __future__ import annotations

import json
import os
from typing import Any

_HERE = os.path.dirname(os.path.abspath(__file__))


def read_data(stem: str) -> dict[str, Any]:
    """The data file `stem` beside this module: `stem.toml`, the source, or `stem.json`, which
    the wheel ships instead (the same data; JSON parses natively in the browser). Read through
    the module's own loader: from a folder, or from the wheel imported as a zip."""
    try:
        return json.loads(__loader__.get_data(os.path.join(_HERE, stem + ".json")))
    except OSError:
        import tomllib  # only from the source tree: the browser's wheel holds JSON

        return tomllib.loads(__loader__.get_data(os.path.join(_HERE, stem + ".toml")).decode())
