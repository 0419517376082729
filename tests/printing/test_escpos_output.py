"""Tickets sent to a printer on 127.0.0.1 and read back: the dots, the cut, and each failure
as the officer hears of it."""

from __future__ import annotations

import logging
import socket
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from desk_app.config import Settings
from desk_app.core.queue import PriorityKind
from desk_app.printing import escpos_output
from desk_app.printing.escpos_output import (
    BadPrinterAddress,
    PrinterNoAnswer,
    TargetKind,
    parse_target,
    printable_dots,
    raster_job,
    send,
    text_job,
    vietnamese_code_pages,
)
from desk_app.printing.ticket import SampleTicket, render_ticket, ticket_content
from desk_app.services.ticket_printing import print_ticket
from tests.printing.escpos_sink import PAPER_OUT, Sink, read_job

OFFICE = "Ủy ban nhân dân phường Thanh Xuân"
STILL_ISSUED = "Số A012 vẫn được cấp: hãy đọc số trên màn hình cho công dân."


def ticket(**changes: object) -> SampleTicket:
    fields: dict[str, object] = {
        "label": "A012",
        "day": date(2025, 7, 15),
        "area_name": "Trả kết quả",
        "issued_at": datetime(2025, 7, 15, 2, 5, tzinfo=UTC),
        "waiting_ahead": 7,
    }
    return SampleTicket(**(fields | changes))  # type: ignore[arg-type]


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose listener never accepts and whose queue is full: a new connection gets no
    answer at all, as from a printer that is switched off."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port: int = server.getsockname()[1]
    waiting = socket.create_connection(("127.0.0.1", port))  # fills the queue
    yield port
    waiting.close()
    server.close()


def test_the_printer_receives_the_very_dots_of_the_ticket_and_the_cut() -> None:
    """Several tickets in a row (parts of each are reused from the one before) each arrive
    dot for dot as `render_ticket` draws them, followed by a feed and the cut."""
    tickets = [
        ticket(),
        ticket(label="A013", waiting_ahead=8),
        ticket(
            label="C001", priority=PriorityKind.ELDERLY, dossier_code="000.00.19.H26-250715-0001"
        ),
        ticket(label="A014", waiting_ahead=0),
    ]
    printed = 0
    with Sink() as sink:
        for paper, message in ((80, ""), (80, "Xin cảm ơn quý khách."), (58, "")):
            settings = Settings(
                ticket_printer=sink.target, ticket_paper_mm=paper, ticket_message=message
            )
            for each in tickets:
                outcome = print_ticket(settings, each, OFFICE)
                assert outcome.printed, outcome.message
                printed += 1
                job = read_job(sink.wait_for_jobs(printed)[-1])
                expected = render_ticket(each, office_name=OFFICE, paper_mm=paper, message=message)
                assert job.raster().size == expected.size
                assert job.raster().tobytes() == expected.tobytes(), (paper, message, each.label)
                assert job.commands[0] == "init"
                assert job.commands[-3:] == ["feed 6", "cut", "paper?"]


def test_a_refused_connection_says_so_at_once_and_the_number_stands(
    closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(ticket_printer=f"network:127.0.0.1:{closed_port}")
    started = time.monotonic()
    with caplog.at_level(logging.INFO):
        outcome = print_ticket(settings, ticket(), OFFICE)
    assert time.monotonic() - started < 4
    assert not outcome.printed and outcome.problem == "refused"
    assert outcome.message == (
        f"Máy in số thứ tự (network:127.0.0.1:{closed_port}) từ chối kết nối: máy in đang tắt, "
        f"đang khởi động lại hoặc cổng ghi trong cài đặt không đúng. {STILL_ISSUED}"
    )
    ours = [r for r in caplog.records if r.name.startswith("desk_app")]
    assert [r.getMessage() for r in ours] == ["ticket not printed: network printer, refused"]
    assert ours[0].exc_info is None


def test_a_printer_that_does_not_answer_gives_up_within_four_seconds(silent_port: int) -> None:
    started = time.monotonic()
    outcome = print_ticket(
        Settings(ticket_printer=f"network:127.0.0.1:{silent_port}"), ticket(), OFFICE
    )
    assert time.monotonic() - started < 4
    assert outcome.problem == "no_answer"
    assert outcome.message is not None
    assert outcome.message.startswith("Máy in số thứ tự không phản hồi (network:127.0.0.1:")
    with pytest.raises(PrinterNoAnswer):
        send(parse_target(f"network:127.0.0.1:{silent_port}"), b"\x1b@", timeout=0.3)


def test_a_printer_out_of_paper_is_named() -> None:
    with Sink(paper_reply=PAPER_OUT) as sink:
        outcome = print_ticket(Settings(ticket_printer=sink.target), ticket(), OFFICE)
    assert outcome.problem == "no_paper"
    assert (
        outcome.message
        == f"Máy in số thứ tự ({sink.target}) hết giấy: hãy thay cuộn giấy. {STILL_ISSUED}"
    )


def test_a_printer_that_never_reports_its_paper_still_prints() -> None:
    with Sink(paper_reply=None) as sink:
        outcome = print_ticket(Settings(ticket_printer=sink.target), ticket(), OFFICE)
        assert outcome.printed
        assert read_job(sink.wait_for_jobs(1)[0]).commands[-2:] == ["cut", "paper?"]
    assert outcome.seconds < 2


def test_the_message_follows_the_settings_language(closed_port: int) -> None:
    settings = Settings(language="en", ticket_printer=f"network:127.0.0.1:{closed_port}")
    outcome = print_ticket(settings, ticket(), OFFICE)
    assert outcome.message is not None
    assert outcome.message.startswith(
        f"The ticket printer (network:127.0.0.1:{closed_port}) refused"
    )
    assert outcome.message.endswith(
        "Number A012 is still issued: read the number on the screen out to the citizen."
    )


@pytest.mark.parametrize(
    ("address", "kind", "fields"),
    [
        ("network:192.168.1.50", TargetKind.NETWORK, {"host": "192.168.1.50", "port": 9100}),
        (
            "Network: may-in-quay-1.local:9101",
            TargetKind.NETWORK,
            {"host": "may-in-quay-1.local", "port": 9101},
        ),
        ("network:[fe80::1]:9100", TargetKind.NETWORK, {"host": "fe80::1", "port": 9100}),
        ("usb:04b8:0202", TargetKind.USB, {"vendor": 0x04B8, "product": 0x0202}),
        ("usb:0x0416:0x5011", TargetKind.USB, {"vendor": 0x0416, "product": 0x5011}),
        ("serial:COM3", TargetKind.SERIAL, {"device": "COM3", "baudrate": 9600}),
        (
            "serial:/dev/ttyUSB0@19200",
            TargetKind.SERIAL,
            {"device": "/dev/ttyUSB0", "baudrate": 19200},
        ),
        ("windows:EPSON TM-T82X", TargetKind.WINDOWS, {"device": "EPSON TM-T82X"}),
        ("system:Máy in quầy 2", TargetKind.SYSTEM, {"device": "Máy in quầy 2"}),
        ("none", TargetKind.NONE, {}),
    ],
)
def test_printer_addresses_as_an_administrator_writes_them(
    address: str, kind: TargetKind, fields: dict[str, object]
) -> None:
    target = parse_target(address)
    assert target.kind is kind
    for name, value in fields.items():
        assert getattr(target, name) == value


@pytest.mark.parametrize(
    "address",
    [
        "",
        "lpt1",
        "network:",
        "network:10.0.0.5:",
        "network:10.0.0.5:99999",
        "network:may in",
        "network:[::1",
        "usb:04b8",
        "usb:zz:01",
        "usb:0000:0202",
        "serial:",
        "windows:",
        "none:x",
        "http://192.168.1.50",
    ],
)
def test_a_malformed_address_is_refused_plainly_and_the_log_keeps_no_trace(
    address: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(BadPrinterAddress) as refused:
        parse_target(address)
    assert "không đúng dạng" in str(refused.value) and "network:192.168.1.50:9100" in str(
        refused.value
    )
    with caplog.at_level(logging.INFO):
        outcome = print_ticket(Settings(ticket_printer=address), ticket(), OFFICE)
    assert outcome.problem == "bad_address" and outcome.message is not None
    assert outcome.message.endswith(STILL_ISSUED)
    ours = [r for r in caplog.records if r.name.startswith("desk_app")]
    assert len(ours) == 1 and ours[0].exc_info is None
    line = ours[0].getMessage()
    assert (address not in line or not address) and OFFICE not in line and "A012" not in line


def test_printers_this_computer_cannot_reach_are_named_not_crashed_on() -> None:
    windows = print_ticket(Settings(ticket_printer="windows:EPSON"), ticket(), OFFICE)
    assert windows.problem == "unavailable" and "chỉ dùng được trên máy chạy Windows" in (
        windows.message or ""
    )
    system = print_ticket(Settings(ticket_printer="system:Máy in"), ticket(), OFFICE)
    assert system.problem == "unavailable" and "desk-app[gui]" in (system.message or "")
    unplugged = print_ticket(Settings(ticket_printer="serial:/dev/ttyNOSUCH"), ticket(), OFFICE)
    assert unplugged.problem == "unplugged"
    assert "chưa được cắm vào máy tính" in (unplugged.message or "")


def test_no_printer_set_is_no_failure() -> None:
    outcome = print_ticket(Settings(), ticket(), OFFICE)
    assert (outcome.printed, outcome.problem, outcome.message) == (False, "none", None)


def test_a_system_printer_gets_the_ticket_image() -> None:
    received: list[tuple[str, int, int, int]] = []

    def system(name: str, image: object, dpi: int) -> None:
        received.append((name, image.width, dpi, image.mode))  # type: ignore[attr-defined]

    outcome = print_ticket(
        Settings(ticket_printer="system:Máy in quầy"), ticket(), OFFICE, system_printer=system
    )
    assert outcome.printed
    assert received == [("Máy in quầy", 576, 203, "1")]


def test_an_unknown_profile_is_a_plain_problem() -> None:
    outcome = print_ticket(
        Settings(ticket_printer="network:127.0.0.1:9", ticket_printer_profile="TM-NOSUCH"),
        ticket(),
        OFFICE,
    )
    assert outcome.problem == "bad_profile"
    assert "Không có cấu hình máy in “TM-NOSUCH”" in (outcome.message or "")


def test_a_profile_with_a_narrower_head_gets_a_narrower_ticket() -> None:
    assert printable_dots(80, "TM-T88V") == 512  # Epson's 80 mm head prints 512 dots
    assert printable_dots(58, "TM-T88V") == 384
    assert printable_dots(80) == 576
    with Sink() as sink:
        settings = Settings(ticket_printer=sink.target, ticket_printer_profile="TM-T88V")
        assert print_ticket(settings, ticket(), OFFICE).printed
        job = read_job(sink.wait_for_jobs(1)[0])
    expected = render_ticket(ticket(), office_name=OFFICE, width_dots=512)
    assert job.raster().tobytes() == expected.tobytes()


def test_text_mode_only_where_the_profile_has_a_vietnamese_code_page() -> None:
    content = ticket_content(ticket(), office_name=OFFICE)
    assert vietnamese_code_pages("TM-T88V") == {"TCVN-3-1": 30, "TCVN-3-2": 31}
    tcvn = text_job(content, profile="TM-T88V", width=512)
    assert tcvn is not None
    # "Trả kết quả" in TCVN-3 (lower case page 30): r, ả = 0xB6, ế = 0xD5
    assert b"\x1bt\x1e" in tcvn and b"Tr" + b"\xb6 k\xd5t qu\xb6" in tcvn
    assert b"\x1dV" in tcvn  # and the cut
    cp1258 = text_job(content, profile="NT-5890K", width=384)
    assert cp1258 is not None
    # Windows-1258 writes the tone after its letter: "ả" = "a" + hook (0xD2).
    assert b"Tra" + b"\xd2 k\xea\xect qua\xd2" in cp1258
    assert vietnamese_code_pages("TM-T88IV") == {}
    assert text_job(content, profile="TM-T88IV", width=512) is None
    with Sink() as sink:  # asked for text mode, this printer gets the raster
        settings = Settings(
            ticket_printer=sink.target, ticket_printer_profile="TM-T88IV", ticket_text_mode=True
        )
        assert print_ticket(settings, ticket(), OFFICE).printed
        job = read_job(sink.wait_for_jobs(1)[0])
    assert (
        job.raster().tobytes()
        == render_ticket(ticket(), office_name=OFFICE, width_dots=512).tobytes()
    )


def test_windows_1258_text_reads_back_as_the_same_letters() -> None:
    text = "Ủy ban nhân dân phường Thanh Xuân: Trả kết quả, ƯU TIÊN, Đặng Thị Ngọc Hưởng"
    written = escpos_output._cp1258(text).encode("cp1258")
    assert unicodedata.normalize("NFC", written.decode("cp1258")) == text


def test_python_escpos_prints_nothing_and_leaves_logging_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    handlers = list(root.handlers)
    image = render_ticket(ticket(), office_name=OFFICE)
    job = raster_job(image)
    assert read_job(job).commands == ["init", "raster 576x" + str(image.height), "feed 6", "cut"]
    assert root.handlers == handlers
    assert capsys.readouterr() == ("", "")
