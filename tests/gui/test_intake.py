"""The intake screen driven as an officer drives it: keyboard only, scanner, paste, F12."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.core.dossier import ComponentKind
from desk_app.core.fees import FeeBasis, FeeRule
from desk_app.core.roles import Role
from desk_app.gui.app import build_main_window
from desk_app.gui.main_window import MainWindow
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import QDateTime, QGuiApplication, QLabel, QLineEdit, QSpinBox, Qt, QWidget
from desk_app.gui.scanner import SCAN_KEY_GAP_S
from desk_app.gui.texts import office_moment_text
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import get_dossier, list_today
from desk_app.services.intake import preview_due, take_in
from desk_app.services.users import add_officer
from desk_app.services.workstation import station_of
from desk_app.store.models import Procedure
from tests.factories import SettableClock, account_of, intake_request, office_time
from tests.gui.conftest import (
    KEY_STARTS_AN_OPERATION,
    fill_a_complete_dossier,
    focused,
    open_message_boxes,
    pick_birth_registration,
    press,
    show_active,
    type_into,
    type_text,
)

QR = (
    "001090123456|012345678|Nguyễn Văn An|01011990|Nam|"
    "Phường Thanh Xuân Trung, Quận Thanh Xuân, Hà Nội|15042021"
)
OTHER_QR = "001185004321||Trần Thị Bích Ngọc|02031985|Nữ|Số 5 Vũ Trọng Phụng, Hà Nội|01012022"
BIRTH = "1.001193"
COPY_CERTIFICATION = "2.000815"
EXTRACT_COPY = "2.000635"
MARRIAGE = "1.000894"
PER_PAGE = FeeRule(FeeBasis.PER_PAGE, 2000, 3, 1000, 200_000)  # Thông tư 226/2016/TT-BTC


@dataclass
class HandClock:
    """The scanner's clock while a test types as a person does: digits typed at machine speed
    are a scan, so a hand's keys are this far apart."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


def type_by_hand(qtbot: QtBot, counter: MainWindow, widget: QWidget, text: str) -> None:
    clock = counter.intake.scanner.clock
    if not isinstance(clock, HandClock):
        clock = counter.intake.scanner.clock = HandClock()
    for char in text:
        clock.now += 0.2
        type_into(qtbot, widget, char)


def set_procedure(
    workspace: Workspace,
    code: str,
    *,
    fee: FeeRule | None = None,
    shown: tuple[int, ...] | None = None,
) -> None:
    """Give a procedure of the workstation's catalogue this fee rule and these papers only
    shown, as a catalogue import would (the bundled file is the catalogue's own business)."""
    with workspace.write() as session:
        row = session.scalars(select(Procedure).where(Procedure.code == code)).one()
        if fee is not None:
            row.fee_basis = fee.basis
            row.fee_vnd = fee.amount_vnd
            row.fee_later_from_page = fee.later_from_page
            row.fee_later_vnd = fee.later_amount_vnd
            row.fee_cap_vnd = fee.cap_vnd
        if shown is not None:
            for component in row.components:
                kind = ComponentKind.SHOWN if component.position in shown else None
                component.kind = kind or ComponentKind.SUBMITTED


@pytest.fixture
def reopen(
    qtbot: QtBot, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> Iterator[Callable[[], MainWindow]]:
    """Opens the counter window as the ``counter`` fixture does, after the test changed the
    catalogue (the window reads its procedures when it opens)."""

    def open_window() -> MainWindow:
        window = build_main_window(workspace, actor)
        qtbot.addWidget(window)
        intake = window.intake
        intake.ui.print_target_combo.setCurrentIndex(intake.ui.print_target_combo.findData("pdf"))
        intake.set_pdf_folder(receipts_folder)
        window.resize(1280, 760)
        show_active(qtbot, window)
        return window

    yield open_window
    qtbot.waitUntil(lambda: running_operations() == 0)


def pick(qtbot: QtBot, counter: MainWindow, code: str) -> None:
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, code)
    press(qtbot, Qt.Key.Key_Return)
    assert counter.intake.procedure is not None and counter.intake.procedure.code == code


def component_rows(counter: MainWindow) -> list[tuple[str, bool | None]]:
    """Each row of the component list: its text, and whether it is ticked (None: a heading)."""
    listing = counter.intake.ui.components_list
    rows = []
    for row in range(listing.count()):
        item = listing.item(row)
        checkable = bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)
        rows.append(
            (item.text(), item.checkState() == Qt.CheckState.Checked if checkable else None)
        )
    return rows


@KEY_STARTS_AN_OPERATION
def test_a_whole_intake_by_keyboard_ends_in_todays_list_with_a_pdf_receipt(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> None:
    ui = counter.intake.ui
    pick_birth_registration(qtbot, counter)
    assert focused() is ui.components_list
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is ui.all_components_button
    press(qtbot, Qt.Key.Key_Space)
    components = counter.intake.procedure.components if counter.intake.procedure else ()
    required = tuple(c.position for c in components if c.required)
    assert counter.intake.received_components() == required
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is ui.applicant_name_edit
    type_text(qtbot, "Trần Thị Bích Ngọc")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is ui.paste_qr_button
    for widget, text in (
        (ui.id_number_edit, "001185004321"),
        (ui.phone_edit, "0987654321"),
        (ui.email_edit, "ngoc@example.vn"),
        (ui.address_edit, "Số 5 Vũ Trọng Phụng, Hà Nội"),
    ):
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is widget
        type_by_hand(qtbot, counter, widget, text)
    assert ui.due_label.text() == "17:00 ngày 15/07/2025"

    with qtbot.waitSignal(counter.bus.dossier_saved) as saved:
        press(qtbot, Qt.Key.Key_F12)

    record = saved.args[0]
    assert [r.code for r in list_today(workspace, actor)] == [record.code]
    assert record.applicant.name == "Trần Thị Bích Ngọc"
    assert (record.applicant.id_number, record.applicant.phone) == ("001185004321", "0987654321")
    assert [c.position for c in record.components if c.received] == list(required)
    table = counter.today.ui.today_table
    qtbot.waitUntil(lambda: table.rowCount() == 1)  # today's list read it back by itself
    assert table.item(0, 0).text() == record.code
    assert table.item(0, 1).text() == "Trần Thị Bích Ngọc"
    receipt = receipts_folder / f"{record.code}.pdf"
    qtbot.waitUntil(lambda: "Đã lưu biên nhận" in counter.ui.status_bar.currentMessage())
    assert receipt.read_bytes().startswith(b"%PDF")
    assert record.code in ui.banner_label.text()
    assert ui.applicant_name_edit.text() == "" and counter.intake.procedure is None
    assert counter.intake.isEnabled()
    assert focused() is ui.procedure_search_edit  # ready for the next applicant


def test_type_ahead_ignores_diacritics_and_the_letter_d(qtbot: QtBot, counter: MainWindow) -> None:
    listing = counter.intake.ui.procedure_list
    type_text(qtbot, "chung thuc")
    rows = [listing.item(row).text() for row in range(listing.count())]
    codes, names = zip(*(row.split("  ", 1) for row in rows), strict=True)
    assert all(code.count(".") == 1 for code in codes)  # the code first: never cut off
    assert names[0].startswith("Chứng thực")
    assert not any("khai sinh" in name for name in names)
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, "dang ky ket hon")
    assert listing.item(0).text().split("  ", 1)[1].startswith("Đăng ký kết hôn")


def test_arrow_keys_in_the_search_field_choose_among_the_matches(
    qtbot: QtBot, counter: MainWindow
) -> None:
    type_text(qtbot, "khai sinh")
    second = counter.intake.ui.procedure_list.item(1).text()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert counter.intake.procedure is not None
    procedure = counter.intake.procedure
    assert second == f"{procedure.code}  {procedure.name}"


@pytest.mark.parametrize(
    "field", ["applicant_name_edit", "procedure_search_edit", "phone_edit", "components_list"]
)
def test_a_scanner_line_typed_into_any_field_fills_the_applicant(
    qtbot: QtBot, counter: MainWindow, field: str
) -> None:
    ui = counter.intake.ui
    pick_birth_registration(qtbot, counter)
    ui.phone_edit.setText("0912")
    target = getattr(ui, field)
    before = target.text() if hasattr(target, "text") else None
    target.setFocus()

    type_into(qtbot, target, QR)
    qtbot.keyClick(target, Qt.Key.Key_Return)

    assert ui.applicant_name_edit.text() == "Nguyễn Văn An"
    assert ui.id_number_edit.text() == "001090123456"
    assert ui.address_edit.text() == "Phường Thanh Xuân Trung, Quận Thanh Xuân, Hà Nội"
    assert ui.card_details_label.text() == "Sinh ngày 01/01/1990 · Nam"
    if field != "applicant_name_edit" and before is not None:
        assert target.text() == before  # what the scanner typed there is gone
    assert ui.phone_edit.text() == "0912"
    assert counter.intake.received_components() == ()  # its spaces ticked nothing
    assert counter.intake.procedure is not None  # its Enter chose no other procedure
    assert ui.banner_label.property("kind") == "info"
    assert not open_message_boxes(counter)


def test_a_name_scanned_without_diacritics_raises_a_warning_banner(
    qtbot: QtBot, counter: MainWindow
) -> None:
    ui = counter.intake.ui
    ascii_qr = QR.replace("Nguyễn Văn An", "NGUYEN VAN AN")
    type_into(qtbot, ui.procedure_search_edit, ascii_qr)
    qtbot.keyClick(ui.procedure_search_edit, Qt.Key.Key_Return)
    assert ui.applicant_name_edit.text() == "NGUYEN VAN AN"
    assert ui.banner_label.isVisible()
    assert ui.banner_label.property("kind") == "warning"
    assert "không có dấu" in ui.banner_label.text()
    assert focused() is ui.applicant_name_edit  # straight to the field to correct


def test_a_malformed_scanner_line_shows_why_and_changes_nothing(
    qtbot: QtBot, counter: MainWindow
) -> None:
    ui = counter.intake.ui
    ui.applicant_name_edit.setText("Lê Thị Hoa")
    ui.address_edit.setText("Tổ 3")
    ui.applicant_name_edit.setFocus()
    bad_date = QR.replace("01011990", "32131990")

    type_into(qtbot, ui.applicant_name_edit, bad_date)
    qtbot.keyClick(ui.applicant_name_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    box = open_message_boxes(counter.intake)[0]
    # The wording is core.citizen_id's (being reworded as this is written): the field and why.
    assert box.text().startswith("Ngày sinh trong mã QR")
    assert "không phải là một ngày có thật" in box.text()
    assert ui.applicant_name_edit.text() == "Lê Thị Hoa"
    assert ui.address_edit.text() == "Tổ 3"
    assert ui.id_number_edit.text() == ""
    box.close()


def test_an_id_number_typed_by_hand_is_left_alone(qtbot: QtBot, counter: MainWindow) -> None:
    ui = counter.intake.ui
    ui.id_number_edit.setFocus()
    type_by_hand(qtbot, counter, ui.id_number_edit, "001090123456")
    qtbot.keyClick(ui.id_number_edit, Qt.Key.Key_Tab)
    assert ui.id_number_edit.text() == "001090123456"
    assert focused() is ui.phone_edit
    assert not ui.banner_label.isVisible()


def test_f8_pastes_a_qr_from_the_clipboard(qtbot: QtBot, counter: MainWindow) -> None:
    QGuiApplication.clipboard().setText(QR)
    press(qtbot, Qt.Key.Key_F8)
    assert counter.intake.ui.applicant_name_edit.text() == "Nguyễn Văn An"


@KEY_STARTS_AN_OPERATION
def test_missing_required_components_are_refused_and_nothing_is_stored(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> None:
    ui = counter.intake.ui
    pick_birth_registration(qtbot, counter)
    ui.applicant_name_edit.setText("Trần Văn Bình")
    press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    message = open_message_boxes(counter.intake)[0].text()
    assert message.startswith("Hồ sơ chưa đủ thành phần, chưa thể tiếp nhận.")
    assert "Giấy chứng sinh" in message
    assert list_today(workspace, actor) == []
    assert not receipts_folder.exists()
    assert ui.applicant_name_edit.text() == "Trần Văn Bình"  # nothing typed is lost
    assert counter.focusWidget() is ui.components_list  # where the officer is once it closes


@KEY_STARTS_AN_OPERATION
def test_a_failed_print_keeps_the_dossier_and_a_reprint_works(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    ui = counter.intake.ui
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the receipts folder should be")
    counter.intake.set_pdf_folder(not_a_folder)
    pick_birth_registration(qtbot, counter)
    counter.intake.tick_all_components()
    ui.applicant_name_edit.setText("Trần Văn Bình")

    with qtbot.waitSignal(counter.bus.dossier_saved) as saved:
        press(qtbot, Qt.Key.Key_F12)

    code = saved.args[0].code
    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    message = open_message_boxes(counter.intake)[0].text()
    assert f"Hồ sơ {code} đã được lưu nhưng chưa in được biên nhận" in message
    assert "Có thể in lại từ danh sách hồ sơ hôm nay." in message
    assert [r.code for r in list_today(workspace, actor)] == [code]
    open_message_boxes(counter.intake)[0].close()
    show_active(qtbot, counter)  # a window manager does this when a box closes; offscreen does not

    good_folder = tmp_path / "receipts-again"
    counter.intake.set_pdf_folder(good_folder)
    qtbot.keyClick(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert focused() is counter.today.ui.today_table
    with qtbot.waitSignal(counter.bus.receipt_printed):
        qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert (good_folder / f"{code}.pdf").read_bytes().startswith(b"%PDF")
    prints = counter.today.ui.today_table
    # The copy that was never written counts nothing (issue 7, item 6): this is the first.
    qtbot.waitUntil(lambda: prints.item(0, 6).text() == "1")


def test_a_failed_reprint_says_which_receipt_and_why(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    record = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
    counter.bus.dossier_saved.emit(record)
    table = counter.today.ui.today_table
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the receipts folder should be")
    counter.intake.set_pdf_folder(not_a_folder)

    qtbot.keyClick(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: len(open_message_boxes(counter.today)) == 1)
    boxes = open_message_boxes(counter.today)
    assert len(boxes) == 1
    assert boxes[0].text().startswith(f"Chưa in lại được biên nhận {record.code}: ")
    assert "Không ghi được tệp PDF vào thư mục" in boxes[0].text()
    boxes[0].close()


def test_the_due_date_follows_the_clock(
    qtbot: QtBot, counter: MainWindow, clock: SettableClock
) -> None:
    pick_birth_registration(qtbot, counter)
    assert counter.intake.ui.due_label.text() == "17:00 ngày 15/07/2025"
    clock.current = office_time(2025, 7, 15, 15, 30)  # after 15:00: the next working day
    counter.intake.refresh_due()
    assert counter.intake.ui.due_label.text().endswith("ngày 16/07/2025")


# -- components -----------------------------------------------------------------------------


def test_all_received_ticks_the_required_papers_and_leaves_the_optional_ones(
    qtbot: QtBot, counter: MainWindow
) -> None:
    ui = counter.intake.ui
    pick_birth_registration(qtbot, counter)
    assert ui.all_components_button.text() == "Đã nhận đủ thành phần bắt buộc"
    qtbot.mouseClick(ui.all_components_button, Qt.MouseButton.LeftButton)
    procedure = counter.intake.procedure
    assert procedure is not None
    for text, ticked in component_rows(counter):
        if ticked is not None:
            assert ticked == ("(nếu có)" not in text), text
    optional = next(c for c in procedure.components if not c.required)
    assert optional.position not in counter.intake.received_components()

    # An optional paper the applicant did bring is ticked by itself (Space on its row).
    row = next(
        row
        for row in range(ui.components_list.count())
        if ui.components_list.item(row).data(Qt.ItemDataRole.UserRole) == optional.position
    )
    ui.components_list.setCurrentRow(row)
    ui.components_list.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert optional.position in counter.intake.received_components()
    assert counter.intake.build_request().components == counter.intake.received_components()


@KEY_STARTS_AN_OPERATION
def test_papers_only_shown_are_listed_apart_as_handed_back_and_ticked_like_the_others(
    qtbot: QtBot, reopen: Callable[[], MainWindow], workspace: Workspace, actor: Actor
) -> None:
    # Birth registration: the applicant's identity paper (6) and proof of residence (7) are
    # shown in the original and handed back (Luật Hộ tịch; reference §11).
    set_procedure(workspace, BIRTH, shown=(6, 7))
    counter = reopen()
    pick_birth_registration(qtbot, counter)
    rows = component_rows(counter)
    heading = rows.index(
        ("Giấy tờ xuất trình để đối chiếu (xem rồi trả lại, không nộp lại):", None)
    )
    kept, shown = rows[:heading], rows[heading + 1 :]
    assert [text.split(".")[0] for text, _ in kept] == ["1", "2", "3", "4", "5"]
    # Each group numbered from 1, as the receipt numbers the papers it lists.
    assert [text.split(".")[0] for text, _ in shown] == ["1", "2"]
    assert all(text.endswith("— xem rồi trả lại") for text, _ in shown)
    assert not any("xem rồi trả lại" in text for text, _ in kept)
    assert shown[0][0].startswith("1. Giấy tờ tùy thân")

    counter.intake.tick_all_components()  # the required identity paper too: it was checked
    assert counter.intake.received_components() == (1, 2, 6)
    counter.intake.ui.applicant_name_edit.setText("Trần Văn Bình")
    with qtbot.waitSignal(counter.bus.dossier_saved) as saved:
        press(qtbot, Qt.Key.Key_F12)
    stored = get_dossier(workspace, actor, saved.args[0].code)
    identity = next(c for c in stored.components if c.position == 6)
    assert identity.received and identity.shown_only


# -- fees -----------------------------------------------------------------------------------


def fee_inputs_shown(counter: MainWindow) -> dict[str, bool]:
    ui = counter.intake.ui
    return {
        "pages": ui.pages_spin.isVisible(),
        "copies": ui.copies_spin.isVisible(),
        "amount": ui.fee_amount_edit.isVisible(),
    }


def enter_number(qtbot: QtBot, counter: MainWindow, box: QWidget, text: str) -> None:
    """Replace a field's number as an officer does: select it, type the new one by hand."""
    box.setFocus()
    if isinstance(box, QSpinBox):
        box.selectAll()
    elif isinstance(box, QLineEdit):
        box.clear()
    type_by_hand(qtbot, counter, box, text)


@KEY_STARTS_AN_OPERATION
def test_a_per_page_fee_asks_pages_and_copies_and_the_receipt_gets_the_amount(
    qtbot: QtBot, reopen: Callable[[], MainWindow], workspace: Workspace, actor: Actor
) -> None:
    set_procedure(workspace, COPY_CERTIFICATION, fee=PER_PAGE)
    counter = reopen()
    ui = counter.intake.ui
    pick(qtbot, counter, COPY_CERTIFICATION)
    assert fee_inputs_shown(counter) == {"pages": True, "copies": True, "amount": False}
    assert (ui.pages_spin.text(), ui.copies_spin.text()) == ("—", "—")  # not known yet
    rate = "2.000 đồng/trang; từ trang thứ 3: 1.000 đồng/trang; tối đa 200.000 đồng/bản"
    assert ui.fee_label.text() == f"Theo quy định ({rate})"

    enter_number(qtbot, counter, ui.pages_spin, "3")
    assert ui.fee_label.text() == f"Theo quy định ({rate})"  # the copies are still unknown
    enter_number(qtbot, counter, ui.copies_spin, "2")
    assert ui.fee_label.text() == "10.000 đồng"  # (2 x 2.000 + 1.000) x 2 copies
    preview = preview_due(workspace, actor, COPY_CERTIFICATION, pages=3, copies=2)
    assert ui.fee_label.text() == preview.fee_text  # the line the receipt will print

    counter.intake.tick_all_components()
    ui.applicant_name_edit.setText("Trần Văn Bình")
    request = counter.intake.build_request()
    assert (request.pages, request.copies, request.fee_vnd) == (3, 2, None)
    with qtbot.waitSignal(counter.bus.dossier_saved) as saved:
        press(qtbot, Qt.Key.Key_F12)
    assert (saved.args[0].fee_vnd, saved.args[0].fee_text) == (10_000, "10.000 đồng")
    assert not fee_inputs_shown(counter)["pages"]  # the next form starts without them


@KEY_STARTS_AN_OPERATION
@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("pages_spin", "1500", "Số trang phải từ 1 đến 1.000 (đã nhập 1500)."),
        ("copies_spin", "100", "Số bản phải từ 1 đến 99 (đã nhập 100)."),
    ],
)
def test_a_page_or_copy_count_out_of_range_gets_the_plain_message_and_nothing_is_stored(
    qtbot: QtBot,
    reopen: Callable[[], MainWindow],
    workspace: Workspace,
    actor: Actor,
    field: str,
    typed: str,
    message: str,
) -> None:
    set_procedure(workspace, COPY_CERTIFICATION, fee=PER_PAGE)
    counter = reopen()
    ui = counter.intake.ui
    pick(qtbot, counter, COPY_CERTIFICATION)
    enter_number(qtbot, counter, ui.pages_spin, "2")
    enter_number(qtbot, counter, ui.copies_spin, "1")
    enter_number(qtbot, counter, getattr(ui, field), typed)
    assert ui.fee_label.text() == message
    assert ui.fee_label.property("kind") == "error"
    due = preview_due(workspace, actor, COPY_CERTIFICATION).due_at
    assert ui.due_label.text() == office_moment_text(due)  # the due date is still shown

    counter.intake.tick_all_components()
    ui.applicant_name_edit.setText("Trần Văn Bình")
    press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    box = open_message_boxes(counter.intake)[0]
    assert box.text() == message
    assert list_today(workspace, actor) == []
    assert counter.focusWidget() is getattr(ui, field)  # where the officer corrects it
    box.close()


def test_a_per_copy_fee_asks_the_copies_only(
    qtbot: QtBot, reopen: Callable[[], MainWindow], workspace: Workspace
) -> None:
    set_procedure(workspace, EXTRACT_COPY, fee=FeeRule(FeeBasis.PER_COPY, 8000))
    counter = reopen()
    pick(qtbot, counter, EXTRACT_COPY)
    assert fee_inputs_shown(counter) == {"pages": False, "copies": True, "amount": False}
    assert counter.intake.ui.fee_label.text() == "Theo quy định (8.000 đồng/bản)"
    enter_number(qtbot, counter, counter.intake.ui.copies_spin, "3")
    assert counter.intake.ui.fee_label.text() == "24.000 đồng"
    assert counter.intake.build_request().pages is None


@KEY_STARTS_AN_OPERATION
def test_a_province_set_fee_is_typed_blank_unknown_and_zero_exempt(
    qtbot: QtBot, reopen: Callable[[], MainWindow], workspace: Workspace, actor: Actor
) -> None:
    set_procedure(workspace, BIRTH, fee=FeeRule(FeeBasis.PROVINCE))
    counter = reopen()
    ui = counter.intake.ui
    pick_birth_registration(qtbot, counter)
    assert fee_inputs_shown(counter) == {"pages": False, "copies": False, "amount": True}
    assert ui.fee_label.text() == "Theo quy định"
    for typed, shown in (
        ("0", "Miễn lệ phí"),
        ("50.000", "50.000 đồng"),
        (
            "100000000",
            "Mức phí 100000000 không hợp lệ: phải từ 0 đến dưới 100.000.000 đồng.",
        ),
        ("năm chục", "“năm chục” không phải là một số tiền (đồng), ví dụ 50000 hoặc 50.000."),
        ("50.00", "“50.00” không phải là một số tiền (đồng), ví dụ 50000 hoặc 50.000."),
        ("", "Theo quy định"),
    ):
        enter_number(qtbot, counter, ui.fee_amount_edit, typed)
        assert ui.fee_label.text() == shown, typed
    assert ui.fee_label.property("kind") == ""

    enter_number(qtbot, counter, ui.fee_amount_edit, "8.000")
    counter.intake.tick_all_components()
    ui.applicant_name_edit.setText("Trần Văn Bình")
    with qtbot.waitSignal(counter.bus.dossier_saved) as saved:
        press(qtbot, Qt.Key.Key_F12)
    assert (saved.args[0].fee_vnd, saved.args[0].fee_text) == (8000, "8.000 đồng")


@KEY_STARTS_AN_OPERATION
def test_a_fee_typed_with_letters_is_refused_before_saving(
    qtbot: QtBot, reopen: Callable[[], MainWindow], workspace: Workspace, actor: Actor
) -> None:
    set_procedure(workspace, BIRTH, fee=FeeRule(FeeBasis.PROVINCE))
    counter = reopen()
    ui = counter.intake.ui
    pick_birth_registration(qtbot, counter)
    counter.intake.tick_all_components()
    ui.applicant_name_edit.setText("Trần Văn Bình")
    enter_number(qtbot, counter, ui.fee_amount_edit, "5O.000")  # a letter O for a zero
    press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    box = open_message_boxes(counter.intake)[0]
    assert box.text().startswith("“5O.000” không phải là một số tiền (đồng)")
    assert list_today(workspace, actor) == []
    assert counter.focusWidget() is ui.fee_amount_edit
    box.close()


def test_a_fixed_fee_asks_nothing(
    qtbot: QtBot, reopen: Callable[[], MainWindow], workspace: Workspace
) -> None:
    set_procedure(workspace, MARRIAGE, fee=FeeRule(FeeBasis.FIXED, 0))
    counter = reopen()
    pick(qtbot, counter, MARRIAGE)
    assert fee_inputs_shown(counter) == {"pages": False, "copies": False, "amount": False}
    assert counter.intake.ui.fee_label.text() == "Miễn lệ phí"
    request = counter.intake.build_request()
    assert (request.pages, request.copies, request.fee_vnd) == (None, None, None)


def test_the_fee_line_speaks_english_in_english_mode(
    qtbot: QtBot, english: None, reopen: Callable[[], MainWindow], workspace: Workspace
) -> None:
    set_procedure(workspace, COPY_CERTIFICATION, fee=PER_PAGE)
    workspace.settings = workspace.settings.model_copy(update={"language": "en"})
    counter = reopen()
    ui = counter.intake.ui
    pick(qtbot, counter, COPY_CERTIFICATION)
    assert ui.pages_label.text() == "Pa&ges per copy:"
    assert ui.fee_label.text() == (
        "As regulated (2.000 đồng per page; from page 3: 1.000 đồng per page; "
        "at most 200.000 đồng per copy)"
    )
    enter_number(qtbot, counter, ui.pages_spin, "1500")
    assert ui.fee_label.text() == "The number of pages must be from 1 to 1,000 (1500 was entered)."


# -- scans ----------------------------------------------------------------------------------


def scan(qtbot: QtBot, widget: QWidget, line: str) -> None:
    """A scan, which begins a moment after anything typed before it (as a real one does)."""
    qtbot.wait(round(SCAN_KEY_GAP_S * 1000) + 20)
    widget.setFocus()
    type_into(qtbot, widget, line)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_new_scan_replaces_every_field_the_previous_scan_filled(
    qtbot: QtBot, counter: MainWindow
) -> None:
    ui = counter.intake.ui
    scan(qtbot, ui.procedure_search_edit, QR)
    assert ui.address_edit.text() == "Phường Thanh Xuân Trung, Quận Thanh Xuân, Hà Nội"
    scan(qtbot, ui.procedure_search_edit, OTHER_QR)  # the wrong card first, then the right one
    assert ui.applicant_name_edit.text() == "Trần Thị Bích Ngọc"
    assert ui.id_number_edit.text() == "001185004321"
    assert ui.address_edit.text() == "Số 5 Vũ Trọng Phụng, Hà Nội"  # the address too
    assert ui.card_details_label.text() == "Sinh ngày 02/03/1985 · Nữ"
    assert ui.banner_label.text() == (
        "Đã điền thông tin từ thẻ căn cước số 001185004321; hãy đối chiếu với thẻ."
    )


@pytest.mark.parametrize("when", ["before the first scan", "after the first scan"])
def test_an_address_typed_by_hand_is_kept_and_the_banner_says_so(
    qtbot: QtBot, counter: MainWindow, when: str
) -> None:
    ui = counter.intake.ui
    if when == "after the first scan":
        scan(qtbot, ui.procedure_search_edit, QR)
    ui.address_edit.setFocus()
    ui.address_edit.selectAll()
    type_text(qtbot, "Tổ 3, phường Thanh Xuân")  # where the applicant lives now
    scan(qtbot, ui.procedure_search_edit, OTHER_QR)
    assert ui.applicant_name_edit.text() == "Trần Thị Bích Ngọc"
    assert ui.address_edit.text() == "Tổ 3, phường Thanh Xuân"
    assert ui.banner_label.text().endswith(
        "Địa chỉ đã nhập tay được giữ nguyên; địa chỉ trên thẻ: Số 5 Vũ Trọng Phụng, Hà Nội."
    )
    assert ui.address_edit.toolTip() == "Địa chỉ trên thẻ: Số 5 Vũ Trọng Phụng, Hà Nội"
    ui.address_edit.clear()  # emptied: the next scan fills it again
    scan(qtbot, ui.procedure_search_edit, QR)
    assert ui.address_edit.text() == "Phường Thanh Xuân Trung, Quận Thanh Xuân, Hà Nội"


def test_a_scan_broken_half_way_is_reported_and_fills_nothing(
    qtbot: QtBot, counter: MainWindow
) -> None:
    ui = counter.intake.ui
    ui.applicant_name_edit.setText("Lê Thị Hoa")
    ui.applicant_name_edit.setFocus()
    type_into(qtbot, ui.applicant_name_edit, QR[:30])  # then the scanner goes silent
    qtbot.waitUntil(lambda: ui.banner_label.property("kind") == "error", timeout=3000)
    assert ui.banner_label.text() == (
        "Mã QR quét chưa trọn (máy quét bị ngắt hoặc mất ký tự), nên chưa điền gì từ lần "
        "quét này. Hãy quét lại thẻ căn cước."
    )
    assert ui.applicant_name_edit.text() == "Lê Thị Hoa"
    assert ui.id_number_edit.text() == ui.address_edit.text() == ""
    assert not open_message_boxes(counter)


def within_one_deletion(seen: str, real: str) -> bool:
    return seen == real or (
        len(seen) == len(real) - 1
        and any(real[:i] + real[i + 1 :] == seen for i in range(len(real)))
    )


def test_a_scan_that_lost_a_keystroke_anywhere_leaves_no_fragment_in_any_field(
    qtbot: QtBot, counter: MainWindow
) -> None:
    ui = counter.intake.ui
    fields = (ui.applicant_name_edit, ui.id_number_edit, ui.address_edit, ui.procedure_search_edit)
    name, address = "Nguyễn Văn An", "Phường Thanh Xuân Trung, Quận Thanh Xuân, Hà Nội"
    outcomes = {"filled": 0, "refused": 0}
    for lost in range(len(QR)):
        counter.intake.start_over()
        scan(qtbot, ui.applicant_name_edit, QR[:lost] + QR[lost + 1 :])
        boxes = open_message_boxes(counter.intake)
        texts = [field.text() for field in fields]
        assert not any("|" in text for text in texts), (lost, texts)
        assert not any(char.isdigit() for char in ui.applicant_name_edit.text()), (lost, texts)
        if ui.applicant_name_edit.text():  # read as a card: at most the lost letter is missing
            assert within_one_deletion(ui.applicant_name_edit.text(), name), lost
            assert within_one_deletion(ui.address_edit.text(), address), lost
            assert ui.id_number_edit.text() == "001090123456"
            outcomes["filled"] += 1
        else:  # refused, in plain words
            outcomes["refused"] += 1
            reported = [box.text() for box in boxes] + [ui.banner_label.text()]
            assert any("QR" in text or "định danh" in text for text in reported), lost
            assert texts == ["", "", "", ""], lost
        for box in boxes:
            box.close()
        if boxes:
            show_active(qtbot, counter)  # a window manager does this when a box closes
    # A letter lost in the name or the address reads as a card (the officer compares it with
    # the card, as the banner asks); anywhere else the line is refused.
    assert outcomes["filled"] == len(name) + len(address)
    assert outcomes["refused"] == len(QR) - len(name) - len(address)


# -- unsaved input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    ["procedure", "name", "phone typed", "scan", "tick", "channel", "sets"],
)
def test_anything_chosen_typed_or_scanned_counts_as_unsaved_input(
    qtbot: QtBot, counter: MainWindow, action: str
) -> None:
    intake, ui = counter.intake, counter.intake.ui
    assert not intake.has_unsaved_input()
    type_text(qtbot, "khai sinh")  # a search typed alone stores nothing
    assert not intake.has_unsaved_input()
    if action == "procedure":
        press(qtbot, Qt.Key.Key_Return)
    elif action == "name":
        ui.applicant_name_edit.setFocus()
        type_text(qtbot, "Lê")
    elif action == "phone typed":
        type_by_hand(qtbot, counter, ui.phone_edit, "09")
    elif action == "scan":
        scan(qtbot, ui.procedure_search_edit, QR)
    elif action == "tick":
        pick_birth_registration(qtbot, counter)
        intake.tick_all_components()
    elif action == "channel":
        ui.channel_combo.setCurrentIndex(1)
    elif action == "sets":
        ui.sets_spin.setValue(2)
    assert intake.has_unsaved_input()
    intake.start_over()
    assert not intake.has_unsaved_input()


@KEY_STARTS_AN_OPERATION
def test_a_saved_dossier_leaves_no_unsaved_input(qtbot: QtBot, counter: MainWindow) -> None:
    fill_a_complete_dossier(qtbot, counter)
    assert counter.intake.has_unsaved_input()
    with qtbot.waitSignal(counter.bus.dossier_saved):
        press(qtbot, Qt.Key.Key_F12)
    assert not counter.intake.has_unsaved_input()


# -- English --------------------------------------------------------------------------------


def vietnamese_in(text: str) -> bool:
    """A Vietnamese letter: đ, or a letter carrying a Vietnamese diacritic."""
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(unicodedata.combining(char) for char in decomposed)


def test_english_mode_leaves_no_vietnamese_in_the_intake_screen(
    qtbot: QtBot, english: None, reopen: Callable[[], MainWindow], workspace: Workspace
) -> None:
    set_procedure(workspace, BIRTH, fee=FeeRule(FeeBasis.PROVINCE), shown=(6, 7))
    workspace.settings = workspace.settings.model_copy(update={"language": "en"})
    counter = reopen()
    intake, ui = counter.intake, counter.intake.ui
    pick_birth_registration(qtbot, counter)
    scan(qtbot, ui.procedure_search_edit, OTHER_QR.replace("Trần Thị Bích Ngọc", "TRAN THI NGOC"))
    # What the catalogue and the card say stays as written: names, papers, the address.
    data = {ui.procedure_name_label, ui.address_edit, ui.banner_label}
    notes = {ui.fee_label}  # its tooltip is the catalogue's note on the fee, for the officer
    texts = [intake.windowTitle()]
    for widget in intake.findChildren(QWidget):
        if widget in data:
            continue
        if widget not in notes:
            texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
    for name in ("all_components_button", "paste_qr_button", "save_print_button", "new_button"):
        texts.append(getattr(ui, name).text())
    texts += [ui.procedure_group.title(), ui.applicant_group.title()]
    texts += [ui.channel_combo.itemText(i) for i in range(ui.channel_combo.count())]
    texts += [ui.return_method_combo.itemText(i) for i in range(ui.return_method_combo.count())]
    heading = next(text for text, ticked in component_rows(counter) if ticked is None)
    texts.append(heading)
    assert heading == "Papers shown for comparison (checked, then handed back, not kept):"
    assert component_rows(counter)[-1][0].endswith("(if any) — check and hand back")
    assert ui.card_details_label.text() == "Born 02/03/1985 · Female"
    assert [text for text in texts if vietnamese_in(text)] == []


@KEY_STARTS_AN_OPERATION
def test_a_clock_that_went_back_since_the_last_intake_is_said_after_the_save(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    take_in(workspace, actor, intake_request("1.001193", "Trước"))  # 09:05 by the test clock
    clock.current = clock.current.replace(hour=8, minute=30)  # the computer's clock set back
    ui = counter.intake.ui
    pick_birth_registration(qtbot, counter)
    counter.intake.tick_all_components()
    ui.applicant_name_edit.setText("Trần Văn Bình")
    with qtbot.waitSignal(counter.bus.dossier_saved):
        press(qtbot, Qt.Key.Key_F12)
    assert ui.banner_label.text().startswith("Đồng hồ của máy trạm đang chậm hơn")
    assert ui.banner_label.property("kind") == "error"


# -- received time (backdating) -------------------------------------------------------------


def account(workspace: Workspace, actor: Actor, username: str, role: Role) -> Actor:
    """A real account of ``role`` at this workstation, acting without a login."""
    add_officer(workspace, actor, username, role, "Lê Thị Hồng Nhung", "mat-khau-tai-khoan-moi")
    return Actor.at_station(station_of(workspace), account_of(workspace, username))


def window_for(qtbot: QtBot, workspace: Workspace, actor: Actor, receipts: Path) -> MainWindow:
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    intake = window.intake
    intake.ui.print_target_combo.setCurrentIndex(intake.ui.print_target_combo.findData("pdf"))
    intake.set_pdf_folder(receipts)
    window.resize(1280, 760)
    show_active(qtbot, window)
    return window


def set_received_at(counter: MainWindow, moment: datetime) -> None:
    """What the officer types into the received-time field, in office time."""
    edit = counter.intake.ui.received_at_edit
    edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), edit.timeZone()))


FORTY_DAYS_BACK = office_time(2025, 6, 5, 14, 30)  # the test clock is 09:05 on 15/07/2025
REASON = "Hồ sơ nhận trên giấy khi mất điện, nhập bù"


def test_the_received_time_is_now_until_backdated_and_the_reason_appears_past_30_days(
    qtbot: QtBot, counter: MainWindow, clock: SettableClock
) -> None:
    ui = counter.intake.ui
    assert ui.received_at_edit.text() == "09:05 15/07/2025"
    assert not ui.received_at_edit.isEnabled()
    assert not ui.backdate_reason_edit.isVisible()
    clock.advance(minutes=7)
    counter.intake.refresh_due()  # the minute timer's refresh: the clock moves on
    assert ui.received_at_edit.text() == "09:12 15/07/2025"

    ui.return_method_combo.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is ui.backdate_check
    press(qtbot, Qt.Key.Key_Space)
    assert ui.backdate_check.isChecked()
    assert focused() is ui.received_at_edit and ui.received_at_edit.isEnabled()
    assert not ui.backdate_reason_edit.isVisible()

    set_received_at(counter, office_time(2025, 6, 20, 8, 0))  # 25 days back: no reason asked
    assert not ui.backdate_reason_edit.isVisible()
    set_received_at(counter, FORTY_DAYS_BACK)
    assert ui.received_at_edit.text() == "14:30 05/06/2025"
    assert ui.backdate_reason_edit.isVisible() and ui.backdate_reason_label.isVisible()
    ui.received_at_edit.setCurrentSection(ui.received_at_edit.Section.YearSection)
    press(qtbot, Qt.Key.Key_Tab)  # out of the last part of the time: on to the reason
    assert focused() is ui.backdate_reason_edit
    assert counter.intake.has_unsaved_input()

    counter.intake.start_over()
    assert not ui.backdate_check.isChecked() and not ui.backdate_reason_edit.isVisible()
    assert ui.received_at_edit.text() == "09:12 15/07/2025"


@KEY_STARTS_AN_OPERATION
def test_a_supervisors_backdated_intake_is_stored_with_that_time_and_reason(
    qtbot: QtBot, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> None:
    lead = account(workspace, actor, "lanhdao", Role.SUPERVISOR)
    counter = window_for(qtbot, workspace, lead, receipts_folder)
    ui = counter.intake.ui
    fill_a_complete_dossier(qtbot, counter)
    ui.backdate_check.setChecked(True)
    set_received_at(counter, FORTY_DAYS_BACK)
    assert ui.due_label.text() == "17:00 ngày 05/06/2025"  # counted from the typed time
    ui.backdate_reason_edit.setText(REASON)

    with qtbot.waitSignal(counter.bus.dossier_saved) as saved:
        press(qtbot, Qt.Key.Key_F12)

    record = get_dossier(workspace, lead, saved.args[0].code)
    assert record.received_at == FORTY_DAYS_BACK
    assert record.code.endswith("-250605-1001")  # the serial of the day it was received
    assert not open_message_boxes(counter.intake)
    assert not ui.backdate_check.isChecked()  # the next dossier is received now again
    qtbot.waitUntil(lambda: running_operations() == 0)


@KEY_STARTS_AN_OPERATION
def test_an_officer_backdating_past_30_days_is_refused_with_the_plain_message(
    qtbot: QtBot, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> None:
    clerk = account(workspace, actor, "quay1", Role.OFFICER)
    counter = window_for(qtbot, workspace, clerk, receipts_folder)
    ui = counter.intake.ui
    fill_a_complete_dossier(qtbot, counter)
    ui.backdate_check.setChecked(True)
    set_received_at(counter, FORTY_DAYS_BACK)
    ui.backdate_reason_edit.setText(REASON)

    press(qtbot, Qt.Key.Key_F12)

    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    assert open_message_boxes(counter.intake)[0].text() == (
        "Tài khoản cán bộ tiếp nhận không được phép ghi thời điểm nhận hồ sơ quá 30 ngày "
        "trước; hãy nhờ người có quyền thực hiện."
    )
    assert list_today(workspace, clerk) == []
    assert ui.backdate_reason_edit.text() == REASON  # nothing typed is lost
    assert ui.received_at_edit.text() == "14:30 05/06/2025"
    qtbot.waitUntil(lambda: running_operations() == 0)


@KEY_STARTS_AN_OPERATION
def test_a_backdate_without_a_reason_is_refused_and_the_reason_gets_the_keys(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    ui = counter.intake.ui
    fill_a_complete_dossier(qtbot, counter)
    ui.backdate_check.setChecked(True)
    set_received_at(counter, FORTY_DAYS_BACK)

    press(qtbot, Qt.Key.Key_F12)

    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    message = open_message_boxes(counter.intake)[0].text()
    assert message.startswith("Thời điểm nhận hồ sơ 14:30 05/06/2025 đã quá 30 ngày;")
    assert list_today(workspace, actor) == []
    assert counter.focusWidget() is ui.backdate_reason_edit


@KEY_STARTS_AN_OPERATION
def test_a_received_time_in_the_future_is_said_at_once_and_refused_on_save(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    ui = counter.intake.ui
    fill_a_complete_dossier(qtbot, counter)
    ui.backdate_check.setChecked(True)
    set_received_at(counter, office_time(2025, 7, 16, 9, 5))
    future = "Thời điểm nhận hồ sơ 09:05 16/07/2025 ở tương lai; hãy kiểm tra lại ngày giờ."
    assert ui.banner_label.isVisible() and ui.banner_label.text() == future
    assert ui.due_label.text() == "—"

    press(qtbot, Qt.Key.Key_F12)

    qtbot.waitUntil(lambda: len(open_message_boxes(counter.intake)) == 1)
    assert open_message_boxes(counter.intake)[0].text() == future
    assert list_today(workspace, actor) == []
    open_message_boxes(counter.intake)[0].close()
    set_received_at(counter, office_time(2025, 7, 15, 8, 0))  # corrected: the banner goes
    assert not ui.banner_label.isVisible()
    assert ui.due_label.text() == "17:00 ngày 15/07/2025"
