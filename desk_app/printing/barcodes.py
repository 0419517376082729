"""Vector barcodes: Code 128 for handheld scanners, QR (TCVN 7322:2009) for phones.

Both are drawn as vector paths, which keeps the PDF small and sharp at any printer resolution
and avoids an image round trip (platform notes: PNG barcodes cost about 17 ms more per
receipt). The QR matrix comes from segno (level M, UTF-8 behind an ECI header so readers know
the Vietnamese text's encoding; about twice as fast as ReportLab's own encoder). Neither
symbol draws any text, so no font (and never Helvetica) is referenced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.platypus import Flowable

# Quiet zone around a QR symbol, in modules (the standard asks for 4).
_QR_QUIET_MODULES = 4


@dataclass(frozen=True)
class QrSymbol:
    """An encoded QR symbol, ready to draw at any size: encode once, draw on every copy."""

    module_count: int
    path: str  # the dark modules as PDF path operators, in module units

    @classmethod
    def encode(cls, text: str) -> QrSymbol:
        matrix = segno.make(text, error="m", micro=False, boost_error=False, eci=True).matrix
        modules = [[bool(cell) for cell in row] for row in matrix]
        return cls(len(modules), _module_path(modules))


class QrFlowable(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """A square QR symbol, quiet zone included.

    Its side is ``size`` points, or more when the symbol has so many modules that each would
    be narrower than ``min_module``: a long lookup address grows the symbol rather than
    making it unreadable.
    """

    def __init__(self, symbol: QrSymbol, *, size: float, min_module: float) -> None:
        super().__init__()
        self.symbol = symbol
        self.width = self.height = max(
            size, (symbol.module_count + 2 * _QR_QUIET_MODULES) * min_module
        )

    def wrap(self, *_: Any) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        module = self.width / (self.symbol.module_count + 2 * _QR_QUIET_MODULES)
        self.canv.saveState()
        self.canv.translate(_QR_QUIET_MODULES * module, _QR_QUIET_MODULES * module)
        self.canv.scale(module, module)
        self.canv.addLiteral(self.symbol.path)
        self.canv.restoreState()


def _module_path(modules: list[list[bool]]) -> str:
    """The dark modules as one filled PDF path, in module units from the bottom-left corner.

    Integer coordinates written as literal operators are about a hundred times faster than
    ReportLab's float formatting of a thousand rectangles, and one path leaves no hairline
    seams between neighbouring modules when a viewer anti-aliases. Each horizontal run of dark
    modules is one rectangle.
    """
    count = len(modules)
    operators: list[str] = []
    for row_index, row in enumerate(modules):
        y = count - 1 - row_index
        column = 0
        while column < count:
            if row[column]:
                run_end = column
                while run_end < count and row[run_end]:
                    run_end += 1
                operators.append(f"{column} {y} {run_end - column} 1 re")
                column = run_end
            else:
                column += 1
    operators.append("f")
    return "\n".join(operators)


def code128(text: str, *, bar_width: float, bar_height: float) -> Flowable:
    """A Code 128 symbol of ``text`` with quiet zones and no human-readable line.

    The human-readable line is left out on purpose: ReportLab would set it in Helvetica, and
    the form prints the code in words right above it.
    """
    return Code128(text, barWidth=bar_width, barHeight=bar_height, humanReadable=0, quiet=1)
