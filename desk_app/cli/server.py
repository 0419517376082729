"""``desk-app server``: the server component's roles. ``hub`` serves this workstation's queue to
the office's counters, kiosk and display on the LAN (issue 9, item 6).

The hub needs no login: it is started by whoever runs the office's hub PC (often at boot), acts
only as the counters that call through it, and its key is what admits a device.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from desk_app.cli._common import (
    Commands,
    add_command,
    add_subcommands,
    say,
    warn,
    whole_number,
)
from desk_app.core.errors import N_

DEFAULT_HOST = "0.0.0.0"  # as desk_app.server.hub.DEFAULT_HOST (not imported: FastAPI is slow)
DEFAULT_PORT = 8710  # as desk_app.server.hub.DEFAULT_PORT
HUB_STARTED = N_(
    "Máy chủ hàng đợi của {office} đang chạy tại {url}\n"
    "Ghi địa chỉ này vào queue_hub_url trong cài đặt của mỗi quầy, máy cấp số và màn hình."
)
HUB_KEY = N_(
    "Khoá kết nối: {key}\nGhi khoá này vào queue_hub_token trong cài đặt của các máy đó; "
    "giữ kín khoá."
)
HUB_STOP = N_("Nhấn Ctrl+C để dừng máy chủ.")
HUB_STOPPED = N_("Máy chủ hàng đợi đã dừng.")


def register(commands: Commands) -> None:
    group = add_command(commands, "server", N_("máy chủ: máy chủ hàng đợi của văn phòng"))
    sub = add_subcommands(group, "server_command")
    hub = add_command(
        sub,
        "hub",
        N_(
            "chạy máy chủ hàng đợi của văn phòng trên mạng nội bộ, phục vụ hàng đợi của máy "
            "trạm này; in ra địa chỉ và khoá kết nối"
        ),
        cmd_hub,
    )
    hub.add_argument(
        "--host",
        metavar="H",
        default=DEFAULT_HOST,
        help=N_("địa chỉ lắng nghe (mặc định 0.0.0.0: mọi địa chỉ của máy này)"),
    )
    hub.add_argument(
        "--port",
        metavar="P",
        type=whole_number,
        default=DEFAULT_PORT,
        help=N_("cổng lắng nghe (mặc định 8710; 0: một cổng còn trống)"),
    )


def cmd_hub(args: argparse.Namespace) -> int:
    from desk_app.server.hub import (
        HubServer,
        address_shown,
        listening_socket,
        load_or_create_key,
    )
    from desk_app.services.workstation import open_workstation, station_of

    workspace = open_workstation()
    try:
        for notice in workspace.notices:
            warn(args, notice)
        workspace.notices.clear()
        station = station_of(workspace)
        assert workspace.home is not None
        key = load_or_create_key(workspace.home)
        sock = listening_socket(args.host, args.port)
        server = HubServer(workspace, key)
        url = address_shown(args.host, sock.getsockname()[1])
        say(args, HUB_STARTED, office=station.office.name, url=url)
        say(args, HUB_KEY, key=key)
        say(args, HUB_STOP)
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn stopped on Ctrl+C, passed it on
            server.run(sockets=[sock])
        say(args, HUB_STOPPED)
    finally:
        workspace.close()
    return 0
