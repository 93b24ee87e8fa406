"""Combinations of answers at a cost that grows with the number of questions, not with the
product of their options: a pairwise covering set, and a fixed-size seeded sample."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import Any

Row = tuple[Any, ...]


def pairs(row: Row) -> set[tuple[int, Any, int, Any]]:
    """Every pair of (position, value) a row holds."""
    return {(i, row[i], j, row[j]) for i, j in itertools.combinations(range(len(row)), 2)}


def pairwise(domains: Sequence[Sequence[Any]]) -> list[Row]:
    """Rows, one value from each domain, such that every pair of values of two positions is in
    some row (greedy: each row starts from a pair not yet covered and fills the other positions
    with the value covering most new pairs). Deterministic; about max(len(a) * len(b)) rows
    times a factor that grows with the logarithm of the number of positions."""
    todo = {(i, a, j, b) for i, j in itertools.combinations(range(len(domains)), 2)
            for a in domains[i] for b in domains[j]}
    rows: list[Row] = []
    while todo:
        i, a, j, b = min(todo, key=repr)
        chosen: dict[int, Any] = {i: a, j: b}
        for k in range(len(domains)):
            if k not in chosen:
                chosen[k] = max(domains[k], key=lambda v, k=k: sum(
                    (min(k, p), v if k < p else w, max(k, p), w if k < p else v) in todo
                    for p, w in chosen.items()))
        row = tuple(chosen[k] for k in range(len(domains)))
        rows.append(row)
        todo -= pairs(row)
    return rows


def sample(domains: Sequence[Sequence[Any]], budget: int, seed: int) -> list[Row]:
    """`budget` rows drawn at random (the same rows on every run)."""
    rng = random.Random(seed)
    return [tuple(rng.choice(list(domain)) for domain in domains) for _ in range(budget)]
