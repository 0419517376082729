"""``desk-app server``: the server component's roles.

``hub`` serves this workstation's queue to the office's counters, kiosk and display on the LAN
(issue 9, item 6). It needs no login: it is started by whoever runs the office's hub PC (often
at boot), acts only as the counters that call through it, and its key is what admits a device.

The district server (issue 11): ``serve`` runs it, the other commands administer its database
directly (offices, dashboard users, enrollment codes, devices, the quarantine, what the
district publishes, backups). They need no set-up workstation: the database is ``--db`` (an
SQLite file, or PostgreSQL by a ``postgresql+psycopg://`` URL), by default ``server/
district.sqlite3`` in the data folder (``DESK_APP_HOME``, else the platform's user data
folder). Whoever can run them on the server's machine administers it, as with ``pg_dump``.
Nothing they print or log holds a password, a token or an applicant's data; a database URL is
shown with its password masked; an enrollment code is shown once, to whoever made it.

``serve`` stops cleanly on Ctrl+C and on SIGTERM (a service manager's stop): the requests in
flight are answered (up to a few seconds), then the database is closed.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from desk_app.cli._common import (
    Commands,
    add_command,
    add_json,
    add_subcommands,
    print_json,
    read_password,
    say,
    warn,
    warn_message,
    whole_number,
)
from desk_app.core.errors import N_, DeskError, Message, ValidationError

if TYPE_CHECKING:
    from desk_app.server.admin import DeviceInfo, QuarantineInfo

log = logging.getLogger(__name__)

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

# The district server. Defaults written here, not imported (FastAPI and SQLAlchemy are slow to
# import); tests check them against desk_app.server.admin.
DISTRICT_HOST = "127.0.0.1"  # this machine only, until an administrator says otherwise
DISTRICT_PORT = 8720
ROLES = ("district", "admin")  # as desk_app.server.admin.ROLES
CODE_DAYS = 7  # as desk_app.server.admin.DEFAULT_CODE_DAYS
PUBLISHED_KINDS = ("catalogue", "calendar")

DISTRICT_STARTED = N_("Máy chủ quận đang chạy tại {url}")
DISTRICT_DATABASE = N_("Cơ sở dữ liệu: {database}")
DISTRICT_STOPPED = N_("Máy chủ quận đã dừng.")
PLAIN_HTTP = N_(
    "Cảnh báo: máy chủ quận nhận kết nối từ mạng ({host}) mà không có TLS: khoá thiết bị của "
    "các máy trạm và mật khẩu đăng nhập bảng theo dõi đi qua mạng không được mã hóa. Hãy dùng "
    "--ssl-certfile và --ssl-keyfile, hoặc đặt máy chủ sau một reverse proxy có HTTPS."
)
OFFICE_ADDED = N_(
    "Đã thêm đơn vị {name} ({agency_id}) vào máy chủ quận. Cấp mã đăng ký cho từng máy trạm: "
    "desk-app server enroll-code --agency-id {agency_id} --workstation K"
)
NO_OFFICES = N_("Máy chủ quận chưa có đơn vị nào (desk-app server add-office).")
OFFICE_UNDER_LINE = N_("{agency_id}  {name} (thuộc {unit})")
USER_ADDED = N_("Đã thêm người dùng {username} (vai trò {role}) vào máy chủ quận.")
PASSWORD_PROMPT = N_("Mật khẩu của người dùng máy chủ quận (ít nhất 10 ký tự)")
CODE_MADE = N_(
    "Mã đăng ký một lần cho máy trạm {workstation} của đơn vị {agency_id}: {code}\n"
    "Mã hết hạn lúc {expires}. Trên máy trạm đó, quản trị viên chạy: desk-app enroll "
    "ĐỊA-CHỈ-MÁY-CHỦ {code}\nMã chỉ hiện một lần này; máy chủ chỉ giữ dấu băm của mã."
)
REVOKED = N_(
    "Đã thu hồi quyền đồng bộ của thiết bị {device}: máy trạm đó bị từ chối từ lần đồng bộ "
    "tới, các sự kiện chờ gửi vẫn nằm trên máy trạm."
)
NO_DEVICES = N_("Chưa có máy trạm nào đăng ký với máy chủ quận.")
DEVICE_LINE = N_("{agency_id} {office}, máy {workstation}: {state}; thiết bị {device}")
DEVICE_ACTIVE = N_("đang dùng")
DEVICE_REVOKED = N_("đã thu hồi lúc {at}")
DEVICE_HEALTH = N_(
    "    liên lạc lần cuối: {seen}; chờ gửi: {waiting} (cũ nhất từ {oldest}); bị giữ lại: "
    "{quarantined}; chuỗi nhật ký: {chain}"
)
NEVER = N_("chưa có")
NO_QUARANTINE = N_("Không có sự kiện nào bị máy chủ quận giữ lại.")
QUARANTINE_LINE = N_(
    "{at} {agency_id}, thiết bị {device}: sự kiện {event} bị giữ lại ({outcome}: {reason})"
)
QUARANTINE_DETAIL_LINE = N_(
    "{at} {agency_id}, thiết bị {device}: sự kiện {event} bị giữ lại ({outcome}: {reason}): "
    "{detail}"
)
QUARANTINE_RESOLVED = N_("    đã xử lý lúc {at}")
PUBLISHED = N_("Đã công bố {what} cho {target}: thay đổi số {seq} trên máy chủ quận.")
PUBLISHED_WHAT = {
    "catalogue": N_("danh mục thủ tục"),
    "calendar": N_("lịch ngày nghỉ, ngày làm bù"),
}
EVERY_OFFICE = N_("mọi đơn vị")
MARKED_RESTORED = N_(
    "Đã đánh dấu cơ sở dữ liệu của máy chủ quận là vừa khôi phục: ở lần đồng bộ tới, mỗi máy "
    "trạm tải lại các thay đổi từ đầu và gửi lại các sự kiện, máy chủ chỉ giữ những gì còn "
    "thiếu. Hãy khởi động lại máy chủ: desk-app server serve"
)
BACKED_UP = N_("Đã sao lưu cơ sở dữ liệu của máy chủ quận vào {file}.")
RESTORED = N_(
    "Đã khôi phục cơ sở dữ liệu của máy chủ quận từ {file}; ở lần đồng bộ tới, các máy trạm "
    "sẽ gửi lại những gì bản sao lưu thiếu. Hãy khởi động lại máy chủ: desk-app server serve"
)

DB_HELP = N_(
    "cơ sở dữ liệu của máy chủ quận: sqlite:///ĐƯỜNG-DẪN hoặc "
    "postgresql+psycopg://NGƯỜI-DÙNG@MÁY:5432/TÊN; mặc định: server/district.sqlite3 trong "
    "thư mục dữ liệu"
)
AGENCY_HELP = N_("mã định danh của đơn vị theo QCVN 102, ví dụ 000.00.19.H26")


class DistrictPortUnavailable(DeskError):
    msgid = N_(
        "Không mở được cổng {port} trên địa chỉ {host} ({reason}). Có thể máy chủ quận đã chạy "
        "rồi; nếu không, hãy chọn cổng khác bằng --port."
    )


class TlsUnusable(ValidationError):
    msgid = N_("Không dùng được chứng chỉ TLS: {reason}")


class KeyWithoutCertificate(ValidationError):
    msgid = N_("--ssl-keyfile cần đi cùng --ssl-certfile (tệp chứng chỉ của máy chủ).")


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)


def register(commands: Commands) -> None:
    group = add_command(
        commands,
        "server",
        N_(
            "máy chủ: máy chủ quận (đồng bộ, bảng theo dõi, tra cứu công khai) và máy chủ hàng "
            "đợi của văn phòng"
        ),
    )
    sub = add_subcommands(group, "server_command")
    _register_district(sub)
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


def _register_district(sub: Commands) -> None:
    serve = add_command(
        sub,
        "serve",
        N_(
            "chạy máy chủ quận: đồng bộ với các máy trạm, bảng theo dõi của quận và trang tra "
            "cứu hồ sơ công khai; dừng bằng Ctrl+C"
        ),
        cmd_serve,
    )
    _add_db(serve)
    serve.add_argument(
        "--host",
        metavar="H",
        default=DISTRICT_HOST,
        help=N_(
            "địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này; 0.0.0.0: mọi địa chỉ, nên kèm TLS)"
        ),
    )
    serve.add_argument(
        "--port",
        metavar="P",
        type=whole_number,
        default=DISTRICT_PORT,
        help=N_("cổng lắng nghe (mặc định 8720; 0: một cổng còn trống)"),
    )
    serve.add_argument(
        "--ssl-certfile",
        metavar="F",
        help=N_("tệp chứng chỉ TLS (PEM) để phục vụ bằng https"),
    )
    serve.add_argument(
        "--ssl-keyfile",
        metavar="F",
        help=N_("tệp khoá riêng (PEM) của chứng chỉ, nếu không nằm chung tệp chứng chỉ"),
    )

    office = add_command(
        sub, "add-office", N_("thêm một đơn vị (phường, xã) vào máy chủ quận"), cmd_add_office
    )
    office.add_argument("--agency-id", metavar="ID", required=True, help=AGENCY_HELP)
    office.add_argument("--name", metavar="N", required=True, help=N_("tên đơn vị"))
    office.add_argument(
        "--upper-unit", metavar="U", default="", help=N_("tên đơn vị cấp trên (tùy chọn)")
    )
    _add_db(office)

    offices = add_command(sub, "offices", N_("liệt kê các đơn vị của máy chủ quận"), cmd_offices)
    add_json(offices)
    _add_db(offices)

    user = add_command(
        sub,
        "add-user",
        N_("thêm người dùng bảng theo dõi của quận (mật khẩu băm bằng argon2id)"),
        cmd_add_user,
    )
    user.add_argument("username", metavar="USER", help=N_("tên đăng nhập của người dùng"))
    user.add_argument(
        "--role",
        required=True,
        choices=list(ROLES),
        help=N_("district: xem mọi phường; admin: xem và quản trị"),
    )
    user.add_argument(
        "--password-file",
        metavar="F",
        help=N_("đọc mật khẩu từ tệp này thay vì gõ vào (khi không chạy tương tác)"),
    )
    _add_db(user)

    code = add_command(
        sub,
        "enroll-code",
        N_("cấp mã đăng ký một lần cho một máy trạm của một đơn vị; in mã ra một lần"),
        cmd_enroll_code,
    )
    code.add_argument("--agency-id", metavar="ID", required=True, help=AGENCY_HELP)
    code.add_argument(
        "--workstation",
        metavar="K",
        required=True,
        help=N_("mã máy trạm, như khi thiết lập máy trạm đó (ví dụ 01)"),
    )
    code.add_argument(
        "--days",
        metavar="N",
        type=whole_number,
        default=CODE_DAYS,
        help=N_("mã còn dùng được trong bao nhiêu ngày (mặc định 7, tối đa 90)"),
    )
    add_json(code)
    _add_db(code)

    revoke = add_command(
        sub,
        "revoke",
        N_("thu hồi quyền đồng bộ của một máy trạm ngay lập tức"),
        cmd_revoke,
    )
    revoke.add_argument(
        "device",
        metavar="DEVICE",
        help=N_("mã thiết bị (device id, xem desk-app server devices) hoặc mã máy trạm"),
    )
    revoke.add_argument(
        "--agency-id",
        metavar="ID",
        help=N_("đơn vị của máy trạm, khi DEVICE là mã máy trạm mà nhiều đơn vị cùng có"),
    )
    _add_db(revoke)

    devices = add_command(
        sub,
        "devices",
        N_("liệt kê các máy trạm đã đăng ký và tình trạng đồng bộ của từng máy"),
        cmd_devices,
    )
    add_json(devices)
    _add_db(devices)

    quarantine = add_command(
        sub,
        "quarantine",
        N_("liệt kê các sự kiện máy chủ quận đã giữ lại, không áp dụng (xung đột, không hợp lệ)"),
        cmd_quarantine,
    )
    quarantine.add_argument(
        "--all", action="store_true", help=N_("kể cả các sự kiện đã được xử lý")
    )
    add_json(quarantine)
    _add_db(quarantine)

    publish = add_command(
        sub,
        "publish",
        N_(
            "công bố danh mục thủ tục hoặc lịch ngày nghỉ cho các máy trạm; chúng nhận ở lần "
            "đồng bộ tới"
        ),
        cmd_publish,
    )
    publish.add_argument(
        "kind",
        metavar="catalogue|calendar",
        choices=list(PUBLISHED_KINDS),
        help=N_("catalogue: danh mục thủ tục; calendar: lịch ngày nghỉ, ngày làm bù"),
    )
    publish.add_argument(
        "file",
        metavar="FILE",
        help=N_(
            "tệp JSON như desk-app catalogue export ghi ra, hoặc tệp lịch như lịch đi kèm phần mềm"
        ),
    )
    publish.add_argument(
        "--agency-id",
        metavar="ID",
        help=N_("chỉ công bố cho đơn vị này (mặc định: cho mọi đơn vị)"),
    )
    _add_db(publish)

    backup = add_command(
        sub,
        "backup",
        N_(
            "sao lưu cơ sở dữ liệu SQLite của máy chủ quận vào FILE, kể cả khi máy chủ đang "
            "chạy (PostgreSQL: dùng pg_dump)"
        ),
        cmd_backup,
    )
    backup.add_argument("file", metavar="FILE", help=N_("tệp bản sao lưu sẽ ghi ra"))
    _add_db(backup)

    restore = add_command(
        sub,
        "restore",
        N_(
            "khôi phục cơ sở dữ liệu SQLite của máy chủ quận từ một bản sao lưu; hãy dừng máy "
            "chủ trước (PostgreSQL: dùng pg_restore)"
        ),
        cmd_restore,
    )
    restore.add_argument(
        "file", metavar="FILE", help=N_("bản sao lưu do desk-app server backup ghi ra")
    )
    _add_db(restore)

    marked = add_command(
        sub,
        "mark-restored",
        N_(
            "báo cho các máy trạm rằng cơ sở dữ liệu vừa được khôi phục bằng pg_restore, để "
            "chúng gửi lại những gì bản sao lưu thiếu (restore của SQLite tự làm việc này)"
        ),
        cmd_mark_restored,
    )
    _add_db(marked)


# --- the database ------------------------------------------------------------------------------


def _database_url(args: argparse.Namespace) -> str:
    """``--db``, else the SQLite file in the data folder (its folders made, private)."""
    given = (getattr(args, "db", None) or "").strip()
    if given:
        # psycopg 3 is the driver installed; a bare postgresql:// would ask for psycopg2.
        return re.sub(r"^(postgres|postgresql)://", "postgresql+psycopg://", given)
    from desk_app.home import data_home, private_folder
    from desk_app.server.store import default_server_url

    home = data_home()
    private_folder(home)
    private_folder(home / "server")
    return default_server_url(home)


def _reason(error: BaseException) -> str:
    """An error's first line, short."""
    text = str(error).strip()
    return (text.splitlines() or [type(error).__name__])[0][:300]


def _when(moment: Any) -> str:
    if moment is None:
        return NEVER
    from desk_app.core.calendar import OFFICE_TZ

    return str(moment.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y"))


# --- serve -------------------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def _terminate_like_ctrl_c() -> Iterator[None]:
    """SIGTERM (a service manager's stop) handled as Ctrl+C while the server runs.

    uvicorn catches both while it serves, finishes the requests in flight, then raises the
    signal again under the handler it found: here a KeyboardInterrupt, so the command closes
    the database and ends with status 0 instead of dying from the signal.
    """

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: no signals there
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _tls_files(args: argparse.Namespace) -> tuple[str | None, str | None]:
    cert, key = args.ssl_certfile, args.ssl_keyfile
    if key and not cert:
        raise KeyWithoutCertificate(field="ssl_certfile")
    for name in (cert, key):
        if name and not Path(name).is_file():
            raise TlsUnusable(reason=Message(N_("không có tệp {file}."), {"file": name}))
    return cert, key


def cmd_serve(args: argparse.Namespace) -> int:
    import ssl

    import uvicorn

    from desk_app.server import admin
    from desk_app.server.district import create_district_app
    from desk_app.server.hub import PortUnavailable, address_shown, listening_socket

    cert, key = _tls_files(args)
    url = _database_url(args)
    try:
        sock = listening_socket(args.host, args.port)
    except PortUnavailable as error:
        raise DistrictPortUnavailable(**error.params) from None
    try:
        with admin.district_database(url) as db:
            config = uvicorn.Config(
                create_district_app(db),
                log_level="warning",
                log_config=None,  # this program's logging (the data folder's log), not uvicorn's
                access_log=False,  # a lookup URL carries its key; a log never should
                lifespan="on",
                timeout_graceful_shutdown=3,
                server_header=False,
                ssl_certfile=cert,
                ssl_keyfile=key,
            )
            try:
                config.load()  # the certificate read now: a bad one is a message, not a crash
            except (OSError, ssl.SSLError) as error:
                raise TlsUnusable(reason=_reason(error)) from None
            server = uvicorn.Server(config)
            address = address_shown(args.host, sock.getsockname()[1])
            if cert:
                address = "https://" + address.removeprefix("http://")
            say(args, DISTRICT_STARTED, url=address)
            say(args, DISTRICT_DATABASE, database=admin.shown_url(url))
            if not cert and not _is_loopback(args.host):
                warn_message(args, PLAIN_HTTP, host=args.host or "0.0.0.0")
            say(args, HUB_STOP)
            sys.stdout.flush()
            log.info("district server: serving %s on %s", admin.shown_url(url), address)
            with _terminate_like_ctrl_c(), contextlib.suppress(KeyboardInterrupt):
                server.run(sockets=[sock])
            log.info("district server: stopped")
    finally:
        sock.close()
    say(args, DISTRICT_STOPPED)
    return 0


# --- administration ----------------------------------------------------------------------------


def cmd_add_office(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    with admin.district_database(_database_url(args)) as db:
        office = admin.add_office(db, args.agency_id, args.name, args.upper_unit)
    say(args, OFFICE_ADDED, name=office.name, agency_id=office.agency_id)
    return 0


def cmd_offices(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    with admin.district_database(_database_url(args)) as db:
        offices = admin.list_offices(db)
    if args.json:
        print_json(
            [
                {"agency_id": o.agency_id, "name": o.name, "upper_unit": o.upper_unit}
                for o in offices
            ]
        )
        return 0
    if not offices:
        say(args, NO_OFFICES)
    for o in offices:
        if o.upper_unit:
            say(args, OFFICE_UNDER_LINE, agency_id=o.agency_id, name=o.name, unit=o.upper_unit)
        else:
            print(f"{o.agency_id}  {o.name}")  # data, not a sentence: nothing to translate
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    name = admin.check_username(args.username)  # a bad name or role before any question
    role = admin.check_role(args.role)
    with admin.district_database(_database_url(args)) as db:
        password = read_password(
            args.password_file,
            PASSWORD_PROMPT,
            args.language,
            lambda typed: admin.check_district_password(typed, name),
        )
        user = admin.add_user(db, name, role, password)
    say(args, USER_ADDED, username=user.username, role=user.role)
    return 0


def cmd_enroll_code(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    with admin.district_database(_database_url(args)) as db:
        issued = admin.issue_enrollment_code(db, args.agency_id, args.workstation, args.days)
    if args.json:
        print_json(
            {
                "code": issued.code,
                "agency_id": issued.agency_id,
                "workstation_code": issued.workstation_code,
                "expires_at": issued.expires_at.isoformat(),
            }
        )
        return 0
    say(
        args,
        CODE_MADE,
        code=issued.code,
        agency_id=issued.agency_id,
        workstation=issued.workstation_code,
        expires=_when(issued.expires_at),
    )
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    with admin.district_database(_database_url(args)) as db:
        device = admin.revoke(db, args.device, agency_id=args.agency_id)
    say(args, REVOKED, device=str(device))
    return 0


def _device_lines(args: argparse.Namespace, d: DeviceInfo) -> None:
    state = (
        Message(DEVICE_REVOKED, {"at": _when(d.revoked_at)})
        if d.revoked_at is not None
        else Message(DEVICE_ACTIVE)
    )
    say(
        args,
        DEVICE_LINE,
        agency_id=d.agency_id,
        office=d.office_name,
        workstation=d.workstation_code,
        state=state,
        device=str(d.id),
    )
    say(
        args,
        DEVICE_HEALTH,
        seen=_when(d.last_seen_at),
        waiting=d.waiting,
        oldest=_when(d.oldest_waiting_at),
        quarantined=d.quarantined,
        chain=d.chain,
    )


def cmd_devices(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    with admin.district_database(_database_url(args)) as db:
        devices = admin.list_devices(db)
    if args.json:
        print_json([d.as_json() for d in devices])
        return 0
    if not devices:
        say(args, NO_DEVICES)
    for device in devices:
        _device_lines(args, device)
    return 0


def _quarantine_line(args: argparse.Namespace, q: QuarantineInfo) -> None:
    say(
        args,
        QUARANTINE_DETAIL_LINE if q.detail else QUARANTINE_LINE,
        at=_when(q.quarantined_at),
        agency_id=q.agency_id or "?",
        device="?" if q.device_id is None else str(q.device_id),
        event=str(q.event_id),
        outcome=q.outcome,
        reason=q.reason,
        detail=q.detail,
    )
    if q.resolved_at is not None:
        say(args, QUARANTINE_RESOLVED, at=_when(q.resolved_at))


def cmd_quarantine(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    with admin.district_database(_database_url(args)) as db:
        items = admin.list_quarantine(db, include_resolved=args.all)
    if args.json:
        print_json([q.as_json() for q in items])
        return 0
    if not items:
        say(args, NO_QUARANTINE)
    for item in items:
        _quarantine_line(args, item)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    with admin.district_database(_database_url(args)) as db:
        seq = admin.publish(db, args.kind, Path(args.file), args.agency_id)
    target = args.agency_id.strip().upper() if args.agency_id else EVERY_OFFICE
    say(args, PUBLISHED, what=PUBLISHED_WHAT[args.kind], target=target, seq=seq)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    written = admin.backup(_database_url(args), Path(args.file))
    say(args, BACKED_UP, file=str(written))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desk_app.server import admin

    source = Path(args.file)
    admin.restore(source, _database_url(args))
    say(args, RESTORED, file=str(source))
    return 0


def cmd_mark_restored(args: argparse.Namespace) -> int:
    from desk_app.server import admin
    from desk_app.server.epoch import mark_restored

    with admin.district_database(_database_url(args)) as db:
        mark_restored(db)
    say(args, MARKED_RESTORED)
    return 0


# --- the office queue hub ----------------------------------------------------------------------


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
