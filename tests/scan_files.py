"""Small real scans for the attachment tests: a PDF of n pages, PNG, JPEG and a multi-page TIFF."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.pdfgen.canvas import Canvas


def pdf_bytes(pages: int = 1, text: str = "scan") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)  # the same bytes each time: no date, no random id
    for number in range(1, pages + 1):
        canvas.drawString(72, 720, f"{text} {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _image(colour: str = "white") -> Image.Image:
    return Image.new("RGB", (40, 30), colour)


def png_bytes(colour: str = "white") -> bytes:
    buffer = io.BytesIO()
    _image(colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(colour: str = "white") -> bytes:
    buffer = io.BytesIO()
    _image(colour).save(buffer, "JPEG")
    return buffer.getvalue()


def tiff_bytes(pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    images = [_image(c) for c in ("white", "gray", "black", "red")[:pages]]
    images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:])
    return buffer.getvalue()
