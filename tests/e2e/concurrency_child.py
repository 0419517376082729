"""One of the processes the concurrency test runs at once on a single data folder.

Run as ``python -m tests.e2e.concurrency_child HOME NAME COUNT DAY``. It opens the workstation
(as a second window or a command line on the same computer would), says ``ready``, then waits
for one line ``go`` on stdin, so every process starts taking in at the same moment (end of
input means "not needed": it exits without writing). Each intake goes through
`services.intake.take_in`, the applicant named ``NAME-<n>`` so the parent can tell whose
dossier a code is, and each code is said on stdout right after its COMMIT:

- ``ready`` once the workstation is open;
- ``committed CODE NUMBER`` after each ``take_in`` returned;
- ``done FIRST LAST`` at the end: when the first intake started and the last one committed,
  as ``time.time()``, so the parent can check the processes really wrote at the same time.

``DAY`` (ISO date) is the office day; the clock is fixed to 09:05 that day, as in crash_child.
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime
from pathlib import Path

from desk_app.core.calendar import OFFICE_TZ
from desk_app.services.context import Actor
from desk_app.services.intake import take_in
from desk_app.services.workstation import open_workstation, station_of
from tests.factories import account_of, intake_request

PROCEDURE = "1.001193"  # Đăng ký khai sinh


def applicant_name(name: str, number: int) -> str:
    return f"Nguyễn Văn {name}-{number}"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    home, name, count, day = Path(argv[0]), argv[1], int(argv[2]), date.fromisoformat(argv[3])
    moment = datetime(day.year, day.month, day.day, 9, 5, tzinfo=OFFICE_TZ)
    workspace = open_workstation(home, now=lambda: moment)
    try:
        officer = account_of(workspace)  # no argon2 hash per start
        actor = Actor.at_station(station_of(workspace), officer)
        _say("ready")
        if sys.stdin.readline().strip() != "go":
            return 0
        first = time.time()
        for number in range(count):
            record = take_in(
                workspace, actor, intake_request(PROCEDURE, applicant_name(name, number))
            )
            _say(f"committed {record.code} {number}")
        _say(f"done {first!r} {time.time()!r}")
    finally:
        workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
