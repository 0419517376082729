"""Render the README's receipt pictures through the real app, one per period of the rules.

A scratch workstation with a settable clock is set up in January 2024 under the ward's old
name, takes in a dossier in 2024 (2018 forms), is renamed from 1 July 2025 as the wards were
merged, takes in one in August 2025 (new name, still the 2018 forms) and one in 2026 (the 2025
forms), all with the same services the window and the CLI use. Each receipt goes to
``docs/img/receipt-<year>.pdf`` and its first page to ``receipt-<year>.png`` with poppler's
``pdftoppm`` (a developer tool, never used by the app at run time).

Usage: python tools/render_receipt_sample.py [--out-dir DIR] [--dpi N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QR_LINE = (
    "001190012345|012345679|Nguyễn Thị Thu Hường|12031990|Nữ|"
    "Số 12, ngõ 34 phố Nguyễn Trãi, phường Thanh Xuân Trung, quận Thanh Xuân, Hà Nội|15042021"
)
# (label, receipt moment, procedure, pages and copies for a per-page fee)
DOSSIERS = (
    ("2024", "2024-05-14T09:05:00+07:00", "1.004873", None),
    ("2025", "2025-08-20T15:20:00+07:00", "2.000815", (3, 2)),
    ("2026", "2026-03-10T10:40:00+07:00", "1.001193", None),
)


class Clock:
    def __init__(self, moment: str) -> None:
        self.now = datetime.fromisoformat(moment)

    def __call__(self) -> datetime:
        return self.now


def render(out_dir: Path, dpi: int) -> list[Path]:
    from desk_app.core.citizen_id import parse_qr
    from desk_app.core.dossier import Applicant
    from desk_app.core.office import OfficeIdentity
    from desk_app.services.auth import login
    from desk_app.services.context import Actor
    from desk_app.services.intake import IntakeRequest, take_in
    from desk_app.services.office import rename_office
    from desk_app.services.receipts import receipt_pdf
    from desk_app.services.setup import OfficeSetup, initialise
    from desk_app.services.workstation import open_workstation, station_of

    out_dir.mkdir(parents=True, exist_ok=True)
    pictures = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DESK_APP_HOME"] = scratch
        home = Path(scratch)
        clock = Clock("2024-01-02T08:00:00+07:00")
        setup = OfficeSetup(
            office_name="UBND phường Thanh Xuân Trung",
            agency_id="000.00.19.H26",
            place="Hà Nội",
            workstation=1,
            admin_username="quantri",
            admin_password="mat-khau-mau-2024",
            admin_full_name="Phạm Thị Hồng",
            reception_unit="Bộ phận tiếp nhận và trả kết quả",
        )
        initialise(home, setup, now=clock)
        workspace = open_workstation(home, now=clock)
        try:
            officer = login(workspace, setup.admin_username, setup.admin_password)
            actor = Actor.at_station(station_of(workspace), officer)
            for label, moment, procedure, fee_counts in DOSSIERS:
                clock.now = datetime.fromisoformat(moment)
                if label == "2025":
                    # Nghị quyết 1656/NQ-UBTVQH15: Thanh Xuân Trung is part of phường Thanh Xuân.
                    clock.now = datetime.fromisoformat("2025-06-30T16:00:00+07:00")
                    rename_office(
                        workspace,
                        actor,
                        OfficeIdentity(
                            date(2025, 7, 1),
                            "000.00.19.H26",
                            "UBND phường Thanh Xuân",
                            "Trung tâm Phục vụ hành chính công phường Thanh Xuân",
                            "Hà Nội",
                        ),
                    )
                    clock.now = datetime.fromisoformat(moment)
                pages, copies = fee_counts or (None, None)
                request = IntakeRequest(
                    procedure, Applicant("", phone="0912 345 678"), pages=pages, copies=copies
                ).with_card(parse_qr(QR_LINE))
                if label != "2024":  # the address as the citizen gives it after the merger
                    request = replace(
                        request,
                        applicant=replace(
                            request.applicant,
                            address="Số 12, ngõ 34 phố Nguyễn Trãi, phường Thanh Xuân, Hà Nội",
                        ),
                    )
                record = take_in(workspace, actor, request)
                pdf_path = out_dir / f"receipt-{label}.pdf"
                pdf_path.write_bytes(receipt_pdf(workspace, actor, record.code))
                stem = out_dir / f"receipt-{label}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                     pdf_path, stem],
                    check=True,
                )  # fmt: skip
                pictures.append(stem.with_suffix(".png"))
        finally:
            workspace.close()
    return pictures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--dpi", type=int, default=90)
    args = parser.parse_args()
    for picture in render(args.out_dir, args.dpi):
        print(f"wrote {picture}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
