"""Render the README's receipt picture through the real app: demo office, intake, receipt.

A scratch workstation with a fixed clock takes in one dossier with the same services the
window and the CLI use, prints its receipt to ``docs/img/receipt.pdf`` and turns the first
page into ``docs/img/receipt.png`` with poppler's ``pdftoppm`` (a developer tool, never used
by the app at run time).

Usage: python tools/render_receipt_sample.py [--out-dir DIR] [--paper A4|A5] [--dpi N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXED_NOW = datetime.fromisoformat("2025-07-15T09:05:00+07:00")  # a Tuesday morning
QR_LINE = (
    "001190012345|012345679|Nguyễn Thị Thu Hường|12031990|Nữ|"
    "Số 12, ngõ 34 phố Nguyễn Trãi, phường Thanh Xuân, thành phố Hà Nội|15042021"
)


def render(out_dir: Path, paper: str, dpi: int) -> Path:
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DESK_APP_HOME"] = scratch
        os.environ["DESK_APP_PAPER_SIZE"] = paper
        from desk_app.services.desk import open_desk

        from desk_app.core.citizen_id import parse_qr
        from desk_app.services.auth import login
        from desk_app.services.intake import IntakeRequest, take_in
        from desk_app.services.receipts import receipt_pdf
        from desk_app.services.setup import initialise_demo

        home = Path(scratch)
        setup = initialise_demo(home, now=lambda: FIXED_NOW)
        desk = open_desk(home, now=lambda: FIXED_NOW)
        try:
            officer = login(desk, setup.admin_username, setup.admin_password)
            request = IntakeRequest(
                procedure_code="1.004873",  # Cấp Giấy xác nhận tình trạng hôn nhân
                applicant_name="",
                phone="0912 345 678",
                email="huong.nguyen@example.vn",
            ).with_card(parse_qr(QR_LINE))
            record = take_in(desk, officer, request)
            pdf = receipt_pdf(desk, officer, record.code)
        finally:
            desk.close()
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf_path = out_dir / "receipt.pdf"
    pdf_path.write_bytes(pdf)
    stem = out_dir / "receipt"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", pdf_path, stem],
        check=True,
    )
    return stem.with_suffix(".png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--paper", choices=["A4", "A5"], default="A4")
    parser.add_argument("--dpi", type=int, default=90)
    args = parser.parse_args()
    png = render(args.out_dir, args.paper, args.dpi)
    print(f"wrote {args.out_dir / 'receipt.pdf'} and {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
