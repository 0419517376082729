"""The process the crash test kills: a workstation taking in dossiers as fast as it can.

Run as ``python -m tests.e2e.crash_child HOME``. It imports everything, then waits for one line
``COUNT DAY`` on stdin (the parent starts the next child while the current one works, so the
imports overlap; end of input means "not needed" and it exits). Then it speaks a line protocol
on stdout, each line flushed at once so the parent knows what happened before the kill:

- ``ready`` once the workstation is open;
- ``begin`` just before an intake starts (the kill may land anywhere after it);
- ``committed CODE`` right after ``take_in`` returned, i.e. after its COMMIT.

``DAY`` (ISO date) is the office day the intakes are received on: the clock is fixed to 09:05
that day, so the parent decides how the serials spread over days (one workstation owns only
999 serials a day, core/codes.py).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from desk_app.core.calendar import OFFICE_TZ
from desk_app.services.context import Actor
from desk_app.services.intake import take_in
from desk_app.services.workstation import open_workstation, station_of
from tests.factories import account_of, intake_request

PROCEDURE = "1.001193"  # Đăng ký khai sinh


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    home = Path(argv[0])
    order = sys.stdin.readline().split()
    if not order:
        return 0
    count, day = int(order[0]), date.fromisoformat(order[1])
    moment = datetime(day.year, day.month, day.day, 9, 5, tzinfo=OFFICE_TZ)
    workspace = open_workstation(home, now=lambda: moment)
    try:
        officer = account_of(workspace, None)  # no argon2 hash per start
        actor = Actor.at_station(station_of(workspace), officer)
        _say("ready")
        for number in range(count):
            _say("begin")
            record = take_in(
                workspace, actor, intake_request(PROCEDURE, f"Nguyễn Văn Thử {number}")
            )
            _say(f"committed {record.code}")
    finally:
        workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
