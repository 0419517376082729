"""The dossier view in the counter window: a whole life driven through its buttons and
dialogs, a receipt's code scanned anywhere opening it, a line that is no code changing
nothing, the search dialog, and how the view and a dialog look on a 1366x768 screen."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.core.lifecycle import Action
from desk_app.gui.dossier_view import ActDialog, DossierView, SupplementDialog
from desk_app.gui.main_window import DOSSIER_PAGE, MainWindow
from desk_app.gui.qt import QApplication, QMessageBox, Qt, QWidget, qt_object_alive
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from tests.factories import SettableClock, intake_request
from tests.gui.conftest import (
    KEY_STARTS_AN_OPERATION,
    open_message_boxes,
    press,
    type_into,
    type_text,
)

MARITAL_STATUS = "1.004873"  # 3 working days
APPLICANT = "Nguyễn Văn Đức"
OPEN_ACTS = [
    Action.TRANSFER,
    Action.REQUEST_SUPPLEMENT,
    Action.REFUSE,
    Action.APOLOGISE,
    Action.STOP,
    Action.RECORD_RESULT,
]
# Where the pictures go for a person to look at (DESK_APP_SCREENSHOTS), else the test's folder.
PICTURES = os.environ.get("DESK_APP_SCREENSHOTS", "")


def person_then_scanner(counter: MainWindow, qtbot: QtBot, widget: QWidget, typed: str) -> None:
    """``typed`` by a person (300 ms between keys), then the scanner's turn: the clock of the
    window's wedge stands still, so the next keys come at machine speed."""
    ticks = iter(i * 0.3 for i in range(1, 1000))
    counter.code_scanner.clock = lambda: next(ticks)
    type_into(qtbot, widget, typed)
    later = next(ticks) + 1.0
    counter.code_scanner.clock = lambda: later


def take(workspace: Workspace, actor: Actor) -> str:
    return take_in(workspace, actor, intake_request(MARITAL_STATUS, APPLICANT)).code


def view_of(counter: MainWindow) -> DossierView:
    return counter.dossier_view


def opened(qtbot: QtBot, counter: MainWindow, code: str) -> DossierView:
    view = view_of(counter)
    qtbot.waitUntil(lambda: view.code == code and not view.loading)
    return view


def history_acts(view: DossierView) -> list[str]:
    table = view.ui.history_table
    return [table.item(row, 2).text() for row in range(table.rowCount())]


def act(qtbot: QtBot, view: DossierView, action: Action) -> ActDialog:
    """Press the act's button as the officer would; its dialog opens with the focus in it."""
    view.act_buttons[action].click()
    dialog = view.act_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    return dialog


def record(qtbot: QtBot, view: DossierView, dialog: ActDialog, state: str) -> None:
    """Enter in the dialog records the act; the view then shows the new state."""
    focus = QApplication.focusWidget()
    assert focus is not None and dialog.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not qt_object_alive(dialog) or not dialog.isVisible())
    qtbot.waitUntil(lambda: view.ui.state_label.text() == state and not view.loading)


def answer_print(qtbot: QtBot, view: DossierView, print_it: bool) -> None:
    qtbot.waitUntil(lambda: len(open_message_boxes(view)) == 1)
    box = open_message_boxes(view)[0]
    assert "In biểu mẫu của bước này ngay?" in box.text()
    button = QMessageBox.StandardButton.Yes if print_it else QMessageBox.StandardButton.No
    box.button(button).click()
    qtbot.waitUntil(lambda: open_message_boxes(view) == [])


@KEY_STARTS_AN_OPERATION
def take_at_the_counter(qtbot: QtBot, counter: MainWindow) -> str:
    """The intake screen as an officer uses it: the procedure by F2 and its code, every paper
    ticked, the applicant's name, F12 to save (its receipt goes to the receipts folder)."""
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, MARITAL_STATUS)
    press(qtbot, Qt.Key.Key_Return)
    assert counter.intake.procedure is not None
    assert counter.intake.procedure.code == MARITAL_STATUS
    counter.intake.tick_all_components()
    counter.intake.ui.applicant_name_edit.setFocus()
    type_text(qtbot, APPLICANT)
    with qtbot.waitSignal(counter.bus.dossier_saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_F12)
    return str(saved.args[0].code)


@KEY_STARTS_AN_OPERATION
def test_a_whole_life_through_the_dossier_views_buttons(
    qtbot: QtBot,
    counter: MainWindow,
    workspace: Workspace,
    actor: Actor,
    receipts_folder: Path,
) -> None:
    """Intake at the counter, then every act from the dossier view's buttons."""
    code = take_at_the_counter(qtbot, counter)
    qtbot.waitUntil(lambda: (receipts_folder / f"{code}.pdf").exists())  # the receipt
    counter.open_dossier_view(code)
    view = opened(qtbot, counter, code)
    assert counter.ui.views_tab_widget.currentIndex() == DOSSIER_PAGE
    assert view.ui.code_label.text() == f"Hồ sơ {code}"
    assert view.ui.state_label.text() == "Đã tiếp nhận"
    assert view.ui.applicant_label.text().startswith(APPLICANT)
    assert view.ui.paused_label.text() == "—"
    assert history_acts(view) == ["Tiếp nhận"]
    assert view.shown_actions() == OPEN_ACTS
    assert view.act_buttons[Action.TRANSFER].text() == "&1 Chuyển xử lý…"

    # Transfer to the handling unit, and print its control slip to a PDF.
    dialog = act(qtbot, view, Action.TRANSFER)
    type_into(qtbot, dialog.fields["unit"], "Phòng Tư pháp")
    dialog.fields["to_officer"].setFocus()
    type_into(qtbot, dialog.fields["to_officer"], "Lê Thị Hà")
    record(qtbot, view, dialog, "Đang giải quyết")
    answer_print(qtbot, view, print_it=True)
    qtbot.waitUntil(lambda: any(receipts_folder.glob(f"{code} *.pdf")))
    assert view.ui.handling_label.text() == "Phòng Tư pháp"
    assert history_acts(view) == ["Tiếp nhận", "Chuyển xử lý"]
    assert "Đến: Phòng Tư pháp; Người nhận: Lê Thị Hà" in view.ui.history_table.item(1, 5).text()
    assert view.shown_actions() == OPEN_ACTS

    # A supplement: one component and the reason; the clock pauses.
    dialog = act(qtbot, view, Action.REQUEST_SUPPLEMENT)
    assert isinstance(dialog, SupplementDialog)
    dialog.set_item(0, "Tờ khai đăng ký kết hôn", original=1)
    dialog.fields["reason"].setFocus()
    type_into(qtbot, dialog.fields["reason"], "Tờ khai thiếu chữ ký")
    record(qtbot, view, dialog, "Chờ bổ sung")
    answer_print(qtbot, view, print_it=False)
    assert view.ui.paused_label.text() != "—"
    assert view.shown_actions() == [Action.RESUME, Action.REFUSE, Action.STOP]
    row = view.ui.history_table.item(2, 5).text()
    assert "Lý do: Tờ khai thiếu chữ ký" in row
    assert "Tờ khai đăng ký kết hôn (1 bản chính)" in row

    # The citizen brings the component: the clock runs again.
    dialog = act(qtbot, view, Action.RESUME)
    record(qtbot, view, dialog, "Đã tiếp nhận")
    assert open_message_boxes(view) == []  # no form for a resume
    assert view.ui.paused_label.text() == "—"
    assert view.shown_actions() == OPEN_ACTS

    # The result comes back to the desk.
    dialog = act(qtbot, view, Action.RECORD_RESULT)
    type_into(qtbot, dialog.fields["number"], "15/2025/GCNKH")
    for field, text in (("signer", "Trần Văn Bình"), ("issuer", "UBND phường")):
        dialog.fields[field].setFocus()
        type_into(qtbot, dialog.fields[field], text)
    record(qtbot, view, dialog, "Đã có kết quả")
    answer_print(qtbot, view, print_it=False)
    assert view.shown_actions() == [Action.RETURN]

    # Returned to the applicant, with the fee collected in cash.
    dialog = act(qtbot, view, Action.RETURN)
    dialog.fields["fee_amount"].setFocus()
    type_into(qtbot, dialog.fields["fee_amount"], "50.000")
    method = dialog.fields["fee_method"]
    from desk_app.gui.qt import QComboBox

    assert isinstance(method, QComboBox)
    method.setCurrentIndex(method.findData("cash"))
    dialog.fields["fee_receipt_number"].setFocus()
    type_into(qtbot, dialog.fields["fee_receipt_number"], "BL-0012")
    record(qtbot, view, dialog, "Đã trả kết quả")
    assert view.shown_actions() == []
    assert view.ui.no_acts_label.isVisible()
    assert history_acts(view) == [
        "Tiếp nhận",
        "Chuyển xử lý",
        "Yêu cầu bổ sung",
        "Nhận hồ sơ bổ sung",
        "Nhận kết quả từ nơi giải quyết",
        "Trả kết quả",
    ]
    returned = view.ui.history_table.item(5, 5).text()
    assert f"Người nhận: {APPLICANT} (người nộp)" in returned
    assert "50.000 đồng (Tiền mặt), biên lai BL-0012" in returned


@KEY_STARTS_AN_OPERATION
def test_a_refused_act_keeps_the_dialog_and_focuses_the_field(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    code = take(workspace, actor)
    counter.open_dossier_view(code)
    view = opened(qtbot, counter, code)
    dialog = act(qtbot, view, Action.REFUSE)
    qtbot.keyClick(dialog.fields["reason"], Qt.Key.Key_Return)  # no reason given
    qtbot.waitUntil(lambda: len(open_message_boxes(dialog)) == 1)
    box = open_message_boxes(dialog)[0]
    assert box.text() == "Hãy ghi lý do từ chối giải quyết hồ sơ."
    box.close()
    assert dialog.isVisible()
    # The field the message names has the dialog's focus once the box is gone.
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.fields["reason"])
    assert view.ui.state_label.text() == "Đã tiếp nhận"  # nothing happened
    dialog.reject()


def test_a_scanned_receipt_code_opens_the_dossier_from_the_intake_screen(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    code = take(workspace, actor)
    name = counter.intake.ui.applicant_name_edit
    name.setFocus()
    person_then_scanner(counter, qtbot, name, "Trần")
    qtbot.keyClicks(name, code)  # a wedge scanner: all at machine speed, then Enter
    qtbot.keyClick(name, Qt.Key.Key_Return)
    view = opened(qtbot, counter, code)
    assert counter.ui.views_tab_widget.currentIndex() == DOSSIER_PAGE
    assert view.ui.state_label.text() == "Đã tiếp nhận"
    assert name.text() == "Trần"  # the field got its text back


def test_a_scanned_receipt_qr_opens_the_dossier_from_todays_list(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    code = take(workspace, actor)
    counter.show_view(1)
    table = counter.today.ui.today_table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    qtbot.keyClicks(
        table, f"MHS:{code}|TTHC:{MARITAL_STATUS}|DD:001090123456|TG:2025-07-15T09:05+07:00"
    )
    qtbot.keyClick(table, Qt.Key.Key_Return)
    opened(qtbot, counter, code)


def test_a_scanned_line_that_is_no_code_changes_nothing(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    take(workspace, actor)
    name = counter.intake.ui.applicant_name_edit
    name.setFocus()
    person_then_scanner(counter, qtbot, name, "Trần")
    qtbot.keyClicks(name, "ABC-PRODUCT-8935")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert name.text() == "Trần"
    assert counter.ui.status_bar.currentMessage().startswith(
        "Dòng vừa quét không phải mã hồ sơ hay mã QR trên giấy tiếp nhận"
    )
    assert counter.dossier_view.code is None
    assert counter.ui.views_tab_widget.currentIndex() == 0


def test_a_person_typing_a_code_by_hand_is_not_a_scan(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    code = take(workspace, actor)
    ticks = iter(i * 0.2 for i in range(10_000))  # a person: 200 ms between keys
    counter.code_scanner.clock = lambda: next(ticks)
    search = counter.intake.ui.applicant_name_edit
    search.setFocus()
    qtbot.keyClicks(search, code)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert search.text() == code  # typed text stays where it was typed
    assert counter.dossier_view.code is None


def test_the_search_dialog_finds_a_name_without_diacritics_and_opens_it(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    code = take(workspace, actor)
    counter.ui.search_action.trigger()
    dialog = counter.search_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.text_edit, "nguyen van duc")
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.results_table.rowCount() == 1 and not dialog.searching)
    assert dialog.results_table.item(0, 1).text() == APPLICANT
    assert dialog.summary_label.text() == "Tìm thấy 1 hồ sơ."
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is dialog.results_table
    qtbot.keyClick(dialog.results_table, Qt.Key.Key_Return)
    opened(qtbot, counter, code)
    assert not dialog.isVisible()


def test_the_dossier_menu_and_its_keys(counter: MainWindow) -> None:
    ui = counter.ui
    assert ui.dossier_menu.title() == "Hồ sơ"  # its letters are the intake screen's
    assert ui.search_action.shortcut().toString() == "Ctrl+F"
    assert ui.open_code_action.shortcut().toString() == "Ctrl+O"
    assert ui.work_list_action.isVisible()  # the work list is attached as a tab
    assert ui.views_tab_widget.tabText(3) == "Việc cần làm (Ctrl+0)"


@KEY_STARTS_AN_OPERATION
def test_the_view_and_a_dialog_fit_a_laptop_screen(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    from desk_app.services.lifecycle import SupplementItem, request_supplement, transfer

    code = take(workspace, actor)
    transfer(workspace, actor, code, unit="Phòng Tư pháp – Hộ tịch", to_officer="Lê Thị Hà")
    request_supplement(
        workspace,
        actor,
        code,
        items=[SupplementItem("Giấy xác nhận tình trạng hôn nhân", original=1, copy=2)],
        reason="Giấy xác nhận đã quá 6 tháng kể từ ngày cấp",
    )
    counter.resize(1366 - 16, 768 - 40 - 40)
    counter.open_dossier_view(code)
    view = opened(qtbot, counter, code)
    folder = Path(PICTURES) if PICTURES else tmp_path
    qtbot.wait(50)  # the layouts settle
    assert counter.grab().save(str(folder / "dossier_view.png"))
    # Everything the officer reads is on screen: no act button is squeezed out of sight.
    for button in view.act_buttons.values():
        assert button.width() >= button.sizeHint().width()
        right = button.mapTo(counter, button.rect().topRight()).x()
        assert right < counter.width()
    assert view.ui.history_table.horizontalScrollBar().maximum() == 0
    dialog = act(qtbot, view, Action.RESUME)
    dialog.reject()
    view.refresh()
    qtbot.waitUntil(lambda: not view.loading)
    dialog = act(qtbot, view, Action.REFUSE)
    qtbot.wait(50)
    assert dialog.grab().save(str(folder / "refuse_dialog.png"))
    assert dialog.width() <= 1366 and dialog.height() <= 728
    dialog.reject()


def test_the_supplement_dialog_picture(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    code = take(workspace, actor)
    counter.open_dossier_view(code)
    view = opened(qtbot, counter, code)
    dialog = act(qtbot, view, Action.REQUEST_SUPPLEMENT)
    assert isinstance(dialog, SupplementDialog)
    dialog.set_item(0, "Tờ khai đăng ký kết hôn", original=1)
    folder = Path(PICTURES) if PICTURES else tmp_path
    qtbot.wait(50)
    assert dialog.grab().save(str(folder / "supplement_dialog.png"))
    dialog.reject()


def test_the_open_dossiers_scans_and_the_folder_hand_over_open_from_the_menu(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    from desk_app.gui.attachments_view import AttachmentsView
    from desk_app.gui.handover_dialog import HandoverDialog

    assert counter.open_scans() is None  # no dossier open yet: it says so, opens nothing
    assert "Hãy mở một hồ sơ trước" in counter.ui.status_bar.currentMessage()
    code = take(workspace, actor)
    counter.open_dossier_view(code)
    opened(qtbot, counter, code)
    counter.ui.scans_action.trigger()
    dialogs = [
        w for w in QApplication.topLevelWidgets() if w.isVisible() and code in w.windowTitle()
    ]
    assert len(dialogs) == 1
    scans = dialogs[0].findChild(AttachmentsView)
    assert scans is not None
    qtbot.waitUntil(lambda: code in scans.title_label.text())
    dialogs[0].close()

    counter.ui.handover_action.trigger()
    handover = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, HandoverDialog) and w.isVisible()
    )
    assert handover.add_line(code) == code  # the scanned line, checked at once
    qtbot.waitUntil(lambda: handover.codes() == [code])
    handover.close()


def test_the_search_dialog_narrows_by_procedure_and_days_of_receipt(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    """Procedure and a range of receipt days beside the state, as the service takes them; days
    the wrong way round are said in plain words and nothing is searched."""
    from desk_app.gui.qt import QDate

    marriage = take(workspace, actor)  # 1.004873, 15/07/2025
    clock.advance(days=1)
    birth = take_in(workspace, actor, intake_request("1.001193", APPLICANT)).code  # 16/07/2025
    counter.ui.search_action.trigger()
    dialog = counter.search_dialog
    assert dialog is not None
    dialog.text_edit.setText("nguyen van duc")

    def found() -> list[str]:
        operation = dialog.search()
        assert operation is not None
        qtbot.waitUntil(lambda: operation.done)
        return [
            dialog.results_table.item(r, 0).text() for r in range(dialog.results_table.rowCount())
        ]

    assert found() == [birth, marriage]  # newest first
    dialog.procedure_combo.setCurrentIndex(dialog.procedure_combo.findData(MARITAL_STATUS))
    assert found() == [marriage]
    dialog.procedure_combo.setCurrentIndex(0)
    dialog.to_edit.setDate(QDate(2025, 7, 15))
    assert found() == [marriage]
    dialog.from_edit.setDate(QDate(2025, 7, 16))  # after the last day
    assert dialog.search() is None
    [box] = open_message_boxes(dialog)
    assert "Khoảng ngày không hợp lệ" in box.text()
    box.close()


def test_the_view_says_which_papers_are_not_digitised_yet(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    """The dossier's digitisation status in its facts (reference §6): the components still
    without a scan, then, once scanned, digitised (the result is not recorded yet)."""
    from desk_app.services.attachments import attach_bytes, digitisation_status
    from tests.scan_files import png_bytes

    code = take(workspace, actor)
    counter.open_dossier_view(code)
    view = opened(qtbot, counter, code)
    missing = digitisation_status(workspace, actor, code).missing
    assert missing
    positions = ", ".join(str(p) for p in missing)
    assert view.ui.counts_label.text().endswith(f"Chưa số hóa thành phần {positions}")
    for number, position in enumerate(missing):
        attach_bytes(
            workspace, actor, code, f"giay-{position}.png", png_bytes(f"#10{number}0{number}0"),
            component=position,
        )  # fmt: skip
    operation = view.refresh()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done)
    assert view.ui.counts_label.text().endswith("Đã số hóa đủ")


def test_prints_scans_and_hand_overs_are_listed_by_name_beside_the_acts(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    """The dossier's audit entries that are no act of its life: the receipt, a form by its
    own name (not its kind), a scan attached, the paper folder handed over."""
    from desk_app.services.attachments import attach_bytes
    from desk_app.services.forms import count_form_print, render_form_of
    from desk_app.services.handover import HandoverItem, record_handover
    from desk_app.services.lifecycle import transfer
    from desk_app.services.receipts import receipt_pdf
    from tests.scan_files import png_bytes

    code = take(workspace, actor)
    receipt_pdf(workspace, actor, code)
    transfer(workspace, actor, code, unit="Phòng Tư pháp")
    form = render_form_of(workspace, actor, code, 2)
    count_form_print(workspace, actor, form)
    attach_bytes(workspace, actor, code, "to-khai.png", png_bytes(), component=1)
    record_handover(workspace, actor, [HandoverItem(code, pages=12)], to_name="Lê Văn Bình")
    counter.open_dossier_view(code)
    view = opened(qtbot, counter, code)
    table = view.ui.printed_table
    names = [table.item(row, 1).text() for row in range(table.rowCount())]
    assert names == [
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        form.document_name,
        "Đính kèm bản quét",
        "Giao nhận hồ sơ giấy",
    ]
    assert table.item(1, 2).text() == "Bản gốc" and table.item(2, 2).text() == "—"
