"""First-seen duplicate detection: a repeat is reported where it is, pointing at the original.

"code 1.001193 is already on row 2" tells an editor which two rows to compare; the first
occurrence is kept as the valid one, every later one is the problem.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
P = TypeVar("P")


@dataclass(frozen=True)
class Repeat(Generic[K, P]):
    """``key`` seen again at ``at``; it was first seen at ``first``."""

    key: K
    at: P
    first: P


class FirstSeen(Generic[K, P]):
    """Remembers where each key was first seen, for checks interleaved with other checks."""

    def __init__(self) -> None:
        self._where: dict[K, P] = {}

    def earlier(self, key: K, at: P) -> P | None:
        """Where ``key`` was first seen; None (and ``at`` remembered) if this is the first."""
        if key in self._where:
            return self._where[key]
        self._where[key] = at
        return None


def repeats(keyed: Iterable[tuple[K | None, P]]) -> Iterator[Repeat[K, P]]:
    """Every (key, position) whose key came before, in the order given; None keys are skipped
    (a missing key is a problem of its own, reported elsewhere)."""
    seen: FirstSeen[K, P] = FirstSeen()
    for key, at in keyed:
        if key is None:
            continue
        first = seen.earlier(key, at)
        if first is not None:
            yield Repeat(key, at, first)
