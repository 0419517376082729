"""A day's queue figures read through the office hub (issue 9, item 7): the same figures the hub
machine computes itself, for a supervisor the hub's own accounts know, and nobody else; the
``desk-app queue stats`` command of a counter that uses the hub, and areas kept to the hub
machine."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desk_app.core.roles import Role
from desk_app.services.context import Actor
from desk_app.services.permissions import NotPermitted
from desk_app.services.queue import local_queue
from desk_app.services.users import add_officer
from desk_app.services.workstation import station_of
from tests.cli.conftest import _no_leftover_log_handler, cli
from tests.factories import account_of
from tests.server.running import RunningHub, copy_of, counter_actor, kiosk_actor

pytestmark = pytest.mark.integration
__all__ = ["_no_leftover_log_handler"]  # the CLI's log handlers go with each test


@pytest.fixture
def hub(office_template: Path, tmp_path: Path) -> Iterator[RunningHub]:
    running = RunningHub(copy_of(office_template, tmp_path / "hub")).start()
    yield running
    running.close()


def _a_morning(hub: RunningHub) -> date:
    """Tickets in two areas served, missed and waiting at two counters; the day they are of."""
    quay1, quay2 = counter_actor(hub, "canbo.quay1"), counter_actor(hub, "canbo.quay2")
    with hub.client() as kiosk, hub.client() as counter:
        day = kiosk.issue(kiosk_actor(hub), "A").day
        for letter in ("A", "B", "A", "B"):
            kiosk.issue(kiosk_actor(hub), letter)
        counter.call_next(quay1, "1", ["A"])
        counter.start(quay1, "1", "A001")
        counter.finish(quay1, "1", "A001")
        counter.call_next(quay2, "2", ["B"])
        counter.no_show(quay2, "2", "B001")
        counter.call_next(quay1, "1", ["A"])
    return day


def _supervisor(hub: RunningHub) -> Actor:
    """A supervisor with an account on the hub (as accounts of the office are), acting from
    another workstation: the counter sends the name, the hub's account vouches for the role."""
    station = station_of(hub.workspace)
    admin = Actor.at_station(station, account_of(hub.workspace, "quantri"))
    account = add_officer(
        hub.workspace, admin, "lanhdao", Role.SUPERVISOR, "Lê Thị Lãnh Đạo", "mat-khau-lanh-dao-1"
    )
    officer = account_of(hub.workspace, account.username)
    return Actor(station.office, None, officer)


def test_the_figures_through_the_hub_are_the_hubs_own(hub: RunningHub) -> None:
    day = _a_morning(hub)
    supervisor = _supervisor(hub)
    with hub.client() as office:
        figures = office.stats(supervisor, day)
    assert figures == local_queue(hub.workspace).stats(supervisor, day)
    rows = {(r.by, r.key): (r.issued, r.served, r.no_show, r.waiting_now) for r in figures}
    assert rows == {
        ("area", "A"): (3, 1, 0, 2),
        ("area", "B"): (2, 0, 1, 1),
        ("counter", "1"): (2, 1, 0, 1),
        ("counter", "2"): (1, 0, 1, 0),
        ("officer", "canbo.quay1"): (2, 1, 0, 1),
        ("officer", "canbo.quay2"): (1, 0, 1, 0),
        ("total", ""): (5, 1, 1, 3),
    }
    total = figures[-1]
    assert total.service.count == 1 and total.service.median is not None
    assert total.wait.count == 3  # three tickets were called
    with hub.client() as office:
        assert office.stats(supervisor, date(2020, 1, 2)) == []


def test_a_plain_officer_and_a_claimed_supervisor_are_refused_the_figures(
    hub: RunningHub,
) -> None:
    day = _a_morning(hub)
    with hub.client() as counter:
        with pytest.raises(NotPermitted) as plain:
            counter.stats(counter_actor(hub, "canbo.quay1"), day)
        assert str(plain.value).startswith("Tài khoản cán bộ tiếp nhận không được phép lập báo cáo")
        # A counter claiming a role the hub's accounts do not vouch for gets no more.
        with pytest.raises(NotPermitted):
            counter.stats(counter_actor(hub, "sep", Role.SUPERVISOR), day)


@pytest.fixture
def counter_home(office_template: Path, hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A counter workstation of the same office (its administrator logged in) whose settings
    name the hub."""
    home = copy_of(office_template, Path(os.environ["DESK_APP_HOME"]))
    monkeypatch.setenv("DESK_APP_QUEUE_HUB_URL", hub.url)
    monkeypatch.setenv("DESK_APP_QUEUE_HUB_TOKEN", hub.key)
    return home


@pytest.mark.usefixtures("counter_home")
def test_queue_stats_works_at_a_counter_and_area_set_stays_on_the_hub_machine(
    hub: RunningHub, capsys: pytest.CaptureFixture[str]
) -> None:
    day = _a_morning(hub)
    run = cli(capsys, "queue", "stats", "--date", day.isoformat(), "--json")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert document["day"] == day.isoformat()
    totals = document["rows"][-1]
    assert (totals["by"], totals["issued"], totals["served"], totals["no_show"]) == (
        "total",
        5,
        1,
        1,
    )
    table = cli(capsys, "queue", "stats", "--date", day.isoformat())
    assert table.code == 0 and table.out.splitlines()[-1].split()[:3] == ["tổng", "cộng", "5"]

    refused = cli(capsys, "queue", "area", "set", "D", "Đất đai")
    assert refused.code == 1 and refused.out == ""
    assert "trên máy chạy máy chủ hàng đợi" in refused.err
    assert "không nhận qua mạng" in refused.err and "Traceback" not in refused.err
    assert [a.letter for a in local_queue(hub.workspace).areas()] == ["A", "B", "C"]
