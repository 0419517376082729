"""How release-0.1.0.sqlite3 was made, with desk-app 0.1.0 (commit 086b534); kept for the record,
not run by the tests (this tree is newer). DESK_APP_HOME=... python make_release_0_1_0.py"""
from datetime import datetime, timedelta
from pathlib import Path
import os
from desk_app.services.setup import initialise_demo
from desk_app.services.desk import open_desk
from desk_app.services.auth import login
from desk_app.services.intake import IntakeRequest, take_in
from desk_app.services.receipts import receipt_pdf
from desk_app.core.calendar import OFFICE_TZ
home = Path(os.environ["DESK_APP_HOME"])
start = datetime(2025, 7, 15, 9, 0, tzinfo=OFFICE_TZ)
now = [start]
clock = lambda: now[0]
initialise_demo(home, now=clock)
desk = open_desk(home, now=clock)
officer = login(desk, "demo", "demo-1234")
codes = []
for i, (proc, comps) in enumerate([("1.001193", None), ("1.004873", None), ("2.000908", None), ("1.001193", None)]):
    now[0] = start + timedelta(hours=1, minutes=10 * i)
    r = take_in(desk, officer, IntakeRequest(proc, f"Người nộp thử {i}", id_number="001090123456", phone="0912345678", components=comps))
    codes.append(r.code)
receipt_pdf(desk, officer, codes[0]); receipt_pdf(desk, officer, codes[0])
now[0] = start + timedelta(days=1)
r = take_in(desk, officer, IntakeRequest("1.004873", "Lê Thị Hôm Sau"))
desk.close()
print(codes, r.code)
