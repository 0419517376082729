"""``desk-app init``: set this workstation up, or a sample office to try the app."""

from __future__ import annotations

import argparse

from desk_app.cli._common import Commands, add_command, ask, read_password, say
from desk_app.core.errors import N_


def register(commands: Commands) -> None:
    init = add_command(commands, "init", N_("thiết lập máy trạm lần đầu"), cmd_init)
    init.add_argument("--office-name", metavar="NAME", help=N_("tên cơ quan như in trên giấy tờ"))
    init.add_argument(
        "--agency-id", metavar="ID", help=N_("mã định danh của cơ quan, VD: 000.00.19.H26")
    )
    init.add_argument(
        "--place", metavar="PLACE", help=N_("địa danh ghi trước ngày tháng trên giấy tờ")
    )
    init.add_argument(
        "--reception-unit",
        metavar="NAME",
        help=N_("tên bộ phận tiếp nhận in trên giấy tờ; mặc định: tên chuẩn của bộ phận một cửa"),
    )
    init.add_argument(
        "--workstation",
        metavar="NUMBER",
        help=N_("số của máy trạm này, từ 1 đến 9 (mỗi máy trong cơ quan một số)"),
    )
    init.add_argument(
        "--admin", metavar="USER", help=N_("tên đăng nhập của quản trị viên đầu tiên")
    )
    init.add_argument(
        "--admin-name",
        metavar="NAME",
        help=N_("họ tên quản trị viên; mặc định: tên đăng nhập"),
    )
    init.add_argument(
        "--password-file",
        metavar="FILE",
        help=N_("tệp chứa mật khẩu quản trị; không có thì hỏi khi chạy tương tác"),
    )
    init.add_argument(
        "--demo",
        action="store_true",
        help=N_("tạo văn phòng mẫu để dùng thử (bỏ qua các tùy chọn khác)"),
    )


def cmd_init(args: argparse.Namespace) -> int:
    from desk_app.config import data_home
    from desk_app.services.setup import OfficeSetup, initialise, initialise_demo

    home = data_home()
    if args.demo:
        demo = initialise_demo(home)
        say(
            args,
            N_("Đã tạo văn phòng mẫu tại {home}. Đăng nhập: {username} / {password}"),
            home=home,
            username=demo.admin_username,
            password=demo.admin_password,
        )
        return 0
    language = args.language
    workstation = ask(args.workstation, N_("Số máy trạm (1-9)"), language).strip()
    admin = ask(args.admin, N_("Tên đăng nhập quản trị"), language)
    setup = OfficeSetup(
        office_name=ask(args.office_name, N_("Tên cơ quan (VD: UBND phường ...)"), language),
        agency_id=ask(args.agency_id, N_("Mã định danh cơ quan (VD: 000.00.19.H26)"), language),
        place=ask(args.place, N_("Địa danh (VD: Hà Nội)"), language),
        workstation=int(workstation)
        if workstation.isascii() and workstation.isdecimal()
        else 0,  # 0: refused, with why
        admin_username=admin,
        admin_full_name=args.admin_name or admin,
        admin_password=read_password(args.password_file, N_("Mật khẩu quản trị"), language),
        **({"reception_unit": args.reception_unit} if args.reception_unit else {}),
    )
    initialise(home, setup)
    say(
        args,
        N_("Đã thiết lập máy trạm {number} tại {home}."),
        number=setup.workstation,
        home=home,
    )
    return 0
