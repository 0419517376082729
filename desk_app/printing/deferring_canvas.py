"""A canvas that fills in some marks only once the whole document is laid out ("Trang 1/2").

A page can only say how many pages its copy has after the last one is laid out. PDF lets a page
draw a named form (XObject) whose content is written later, so each page places an empty form
now and `save` fills them all in: one layout pass instead of two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas


class DeferringCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deferred: list[tuple[str, Callable[[Canvas], None]]] = []

    def defer(self, name: str, draw: Callable[[Canvas], None]) -> None:
        """Place form ``name`` here, in the current coordinates; ``draw`` fills it at save."""
        self.doForm(name)
        self._deferred.append((name, draw))

    def save(self) -> None:
        for name, draw in self._deferred:
            self.beginForm(name)
            draw(self)
            self.endForm()
        super().save()
