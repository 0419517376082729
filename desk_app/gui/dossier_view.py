"""One dossier on screen: its facts, its whole history, and the acts its state allows next.

The view reads everything through `services.history.dossier_view` off the UI thread, never
disabling the window (a scanner line opens a dossier while the officer goes on). The act
buttons are exactly `core.lifecycle.next_actions` of the state read, in the order of a
dossier's life; each opens a small dialog for the act's fields (`ActDialog` and its kinds),
whose "Ghi" runs the `services.lifecycle` call as an operation: the dialog waits disabled, a
refusal is shown in plain words with the field it names focused and nothing typed is lost;
once recorded, the dialog closes, the view reads the dossier again, the change bus hears of
it, and the officer is offered the act's form (`services.forms.render_form_of`), printed or
saved where receipts go (`ReceiptOutput`: printer, preview or a PDF in the receipts folder).

Keys: the act buttons are Alt+1 ... Alt+8 (one number per act), each dialog field has its
Alt+letter; Enter records a dialog, Esc cancels it; Ctrl+P prints the selected step's form,
Ctrl+K the control slip, F5 reads the dossier again. The history's selected row is the act
whose form Ctrl+P prints.

A form printed or saved here is counted and audited once the document exists
(`services.forms.count_form_print`, as receipts are): the history's "Giấy tờ đã in" lists
every audited print, receipts and forms.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import DeskError
from desk_app.core.lifecycle import ACTION_LABELS, STATE_LABELS, Action, DossierState
from desk_app.core.roles import Act, may
from desk_app.files import write_atomically
from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import PlainFailure, ask, error_text, log_failure, show_error
from desk_app.gui.forms.ui_dossier_view import Ui_DossierView
from desk_app.gui.operations import Operation, give_focus, run_operation
from desk_app.gui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDate,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPrinter,
    QPrinterInfo,
    QPushButton,
    QShortcut,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk_app.gui.receipt_output import PrintFailed, PrintTarget, ReceiptOutput, unused_pdf_path
from desk_app.gui.texts import office_moment_text
from desk_app.home import private_folder
from desk_app.i18n import translate
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.forms import (
    RenderedForm,
    count_form_print,
    render_control_slip_of,
    render_form_of,
)
from desk_app.services.history import AuditLine, dossier_view
from desk_app.services.history import DossierView as DossierStory
from desk_app.services.lifecycle import (
    ActResult,
    Handover,
    SupplementItem,
    TransitionRecord,
    apologise,
    confirm_approver,
    record_result,
    refuse,
    request_supplement,
    resume,
    return_result,
    stop,
    transfer,
)

log = logging.getLogger(__name__)

# Acts whose form `render_form_of` prints (a stop only under the 2025 set: it says so if not).
FORM_ACTIONS = frozenset(
    {
        Action.TRANSFER,
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE,
        Action.APOLOGISE,
        Action.STOP,
        Action.RECORD_RESULT,
    }
)
NONE_SHOWN = "—"
_UNSAFE_IN_NAME = re.compile(r"[^\w .,()-]+")


def act_button_texts() -> dict[Action, str]:
    """The act buttons' texts: Alt+1 ... Alt+8, one number per act whatever the state, so the
    officer's fingers learn them; no letter is left free by the intake screen and the menus."""
    return {
        Action.TRANSFER: QCoreApplication.translate("DossierView", "&1 Chuyển xử lý…"),
        Action.REQUEST_SUPPLEMENT: QCoreApplication.translate("DossierView", "&2 Yêu cầu bổ sung…"),
        Action.RESUME: QCoreApplication.translate("DossierView", "&3 Nhận hồ sơ bổ sung…"),
        Action.REFUSE: QCoreApplication.translate("DossierView", "&4 Từ chối…"),
        Action.APOLOGISE: QCoreApplication.translate("DossierView", "&5 Xin lỗi và hẹn lại…"),
        Action.STOP: QCoreApplication.translate("DossierView", "&6 Dừng giải quyết…"),
        Action.RECORD_RESULT: QCoreApplication.translate("DossierView", "&7 Nhận kết quả…"),
        Action.RETURN: QCoreApplication.translate("DossierView", "&8 Trả kết quả…"),
    }


def _moment(at: Any) -> str:
    return office_moment_text(at) if at is not None else NONE_SHOWN


def _text(value: object) -> str:
    return str(value or "").strip()


def _minutes_text(minutes: int) -> str:
    return QCoreApplication.translate("DossierView", "{hours} giờ {minutes} phút").format(
        hours=minutes // 60, minutes=minutes % 60
    )


def _papers_text(item: Mapping[str, Any]) -> str:
    counts = [
        (item.get("original"), QCoreApplication.translate("DossierView", "{n} bản chính")),
        (
            item.get("certified_copy"),
            QCoreApplication.translate("DossierView", "{n} bản sao chứng thực"),
        ),
        (item.get("copy"), QCoreApplication.translate("DossierView", "{n} bản chụp")),
    ]
    papers = ", ".join(t.format(n=n) for n, t in counts if isinstance(n, int) and n > 0)
    name = _text(item.get("name"))
    return (
        QCoreApplication.translate("DossierView", "{name} ({papers})").format(
            name=name, papers=papers
        )
        if papers
        else name
    )


def history_text(record: TransitionRecord) -> str:
    """What the act said beyond its columns, in the officer's words (its form's facts)."""
    details, action = record.details, record.action
    parts: list[str] = []
    if record.reason:
        parts.append(
            QCoreApplication.translate("DossierView", "Lý do: {reason}").format(
                reason=record.reason
            )
        )
    if action is Action.RECEIVE and record.new_due_at is not None:
        parts.append(
            QCoreApplication.translate("DossierView", "Hẹn trả: {due}").format(
                due=_moment(record.new_due_at)
            )
        )
    elif action is Action.TRANSFER:
        if details.get("back_to_desk"):
            parts.append(QCoreApplication.translate("DossierView", "Chuyển về bộ phận một cửa"))
        elif record.handling_unit:
            parts.append(
                QCoreApplication.translate("DossierView", "Đến: {unit}").format(
                    unit=record.handling_unit
                )
            )
        if _text(details.get("to_officer")):
            parts.append(
                QCoreApplication.translate("DossierView", "Người nhận: {name}").format(
                    name=_text(details["to_officer"])
                )
            )
        if _text(details.get("note")):
            parts.append(
                QCoreApplication.translate("DossierView", "Ghi chú: {note}").format(
                    note=_text(details["note"])
                )
            )
    elif action is Action.REQUEST_SUPPLEMENT:
        items = [i for i in details.get("items", []) if isinstance(i, dict)]
        if items:
            listed = "; ".join(_papers_text(i) for i in items)
            parts.append(
                QCoreApplication.translate("DossierView", "Cần bổ sung: {items}").format(
                    items=listed
                )
            )
        if _text(details.get("second_request_reason")):
            parts.append(
                QCoreApplication.translate("DossierView", "Lý do yêu cầu lần nữa: {reason}").format(
                    reason=_text(details["second_request_reason"])
                )
            )
    elif action is Action.RESUME:
        minutes = details.get("paused_working_minutes")
        if isinstance(minutes, int):
            parts.append(
                QCoreApplication.translate("DossierView", "Đã tạm dừng {span}").format(
                    span=_minutes_text(minutes)
                )
            )
        if record.new_due_at is not None:
            parts.append(
                QCoreApplication.translate("DossierView", "Hẹn trả mới: {due}").format(
                    due=_moment(record.new_due_at)
                )
            )
    elif action is Action.APOLOGISE:
        parts.append(
            QCoreApplication.translate("DossierView", "Hẹn trả mới: {due}").format(
                due=_moment(record.new_due_at)
            )
        )
        number = details.get("extension_number")
        if isinstance(number, int):
            parts.append(
                QCoreApplication.translate("DossierView", "Gia hạn lần {n}").format(n=number)
            )
        if details.get("exceptional"):
            parts.append(
                QCoreApplication.translate("DossierView", "Ngoại lệ: gia hạn từ lần thứ hai")
            )
    elif action is Action.STOP:
        for key, template in (
            ("stage", QCoreApplication.translate("DossierView", "Đã giải quyết đến: {value}")),
            (
                "papers_returned",
                QCoreApplication.translate("DossierView", "Giấy tờ đã trả lại: {value}"),
            ),
            ("fees_settled", QCoreApplication.translate("DossierView", "Phí, lệ phí: {value}")),
        ):
            if _text(details.get(key)):
                parts.append(template.format(value=_text(details[key])))
    elif action is Action.RECORD_RESULT:
        parts.append(
            QCoreApplication.translate(
                "DossierView", "Kết quả số {number}; người ký: {signer}; cơ quan ban hành: {issuer}"
            ).format(
                number=_text(details.get("result_number")),
                signer=_text(details.get("signer")),
                issuer=_text(details.get("issuer")),
            )
        )
        if record.result_summary:
            parts.append(record.result_summary)
    elif action is Action.RETURN:
        parts.extend(_return_parts(details))
    return "; ".join(p for p in parts if p)


def _return_parts(details: Mapping[str, Any]) -> list[str]:
    parts: list[str] = []
    who = (
        QCoreApplication.translate("DossierView", "người được ủy quyền")
        if details.get("collector") == "proxy"
        else QCoreApplication.translate("DossierView", "người nộp")
    )
    if _text(details.get("postal_waybill")):
        parts.append(
            QCoreApplication.translate("DossierView", "Gửi qua bưu điện, vận đơn {waybill}").format(
                waybill=_text(details["postal_waybill"])
            )
        )
    else:
        parts.append(
            QCoreApplication.translate(
                "DossierView", "Người nhận: {name} ({who}), giấy tờ tùy thân {id_number}"
            ).format(
                name=_text(details.get("collector_name")) or NONE_SHOWN,
                who=who,
                id_number=_text(details.get("collector_id_number")) or NONE_SHOWN,
            )
        )
    if _text(details.get("originals_returned")):
        parts.append(
            QCoreApplication.translate("DossierView", "Bản gốc trả lại: {papers}").format(
                papers=_text(details["originals_returned"])
            )
        )
    amount = details.get("fee_amount_vnd")
    if isinstance(amount, int) and amount > 0:
        methods = fee_method_names()
        parts.append(
            QCoreApplication.translate(
                "DossierView", "Phí, lệ phí: {amount} đồng ({method}), biên lai {receipt}"
            ).format(
                amount=f"{amount:,}".replace(",", "."),
                method=methods.get(_text(details.get("fee_method")), NONE_SHOWN),
                receipt=_text(details.get("fee_receipt_number")) or NONE_SHOWN,
            )
        )
    return parts


def fee_method_names() -> dict[str, str]:
    return {
        "": QCoreApplication.translate("DossierView", "Không thu"),
        "cash": QCoreApplication.translate("DossierView", "Tiền mặt"),
        "transfer": QCoreApplication.translate("DossierView", "Chuyển khoản"),
        "card": QCoreApplication.translate("DossierView", "Thẻ"),
    }


def _entry_name(line: AuditLine) -> str:
    """What an audit entry beside the acts was, in words."""
    if line.kind == "receipt.printed":
        return QCoreApplication.translate("DossierView", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    if line.printed and line.document_name:
        return line.document_name
    if line.kind == "attachment.added":
        return QCoreApplication.translate("DossierView", "Đính kèm bản quét")
    if line.kind == "attachment.removed":
        return QCoreApplication.translate("DossierView", "Gỡ bản quét")
    if line.kind == "folder.handed_over":
        return QCoreApplication.translate("DossierView", "Giao nhận hồ sơ giấy")
    return line.kind


def _item(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


# --- printing a form ----------------------------------------------------------------------------


def form_file_stem(form: RenderedForm) -> str:
    """``<code> <document name>``, kept to characters every file system takes."""
    name = _UNSAFE_IN_NAME.sub(" ", form.document_name).strip()
    return f"{form.code} {name}".strip()


def deliver_form(
    output: ReceiptOutput, form: RenderedForm, parent: QWidget, done: Callable[[str], None]
) -> None:
    """Send ``form`` where receipts go (the officer's choice); ``done(text)`` once it exists.
    Raises PrintFailed when nothing came out."""
    target = output.target
    if target is PrintTarget.PDF:
        folder = output.pdf_folder
        try:
            if not folder.is_dir():
                private_folder(folder)
            path = unused_pdf_path(folder, form_file_stem(form))
            write_atomically(path, form.pdf)
        except OSError as error:
            log.warning("could not save a form PDF in %s", folder, exc_info=True)
            raise PrintFailed(
                QCoreApplication.translate(
                    "DossierView", "Không ghi được tệp PDF vào thư mục {folder} ({reason})."
                ).format(folder=folder, reason=error.strerror or error)
            ) from error
        done(
            QCoreApplication.translate("DossierView", "Đã lưu “{document}” vào {path}.").format(
                document=form.document_name, path=path
            )
        )
    elif target is PrintTarget.PRINTER:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            printers = QPrinterInfo.availablePrinters()
            if not printers:
                raise PrintFailed(
                    QCoreApplication.translate(
                        "DossierView", "Máy tính này chưa kết nối máy in nào."
                    )
                )
            info = printers[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(form_file_stem(form))
        output.print_on(printer, form.pdf)
        done(
            QCoreApplication.translate(
                "DossierView", "Đã gửi “{document}” tới máy in {printer}."
            ).format(document=form.document_name, printer=info.printerName())
        )
    else:
        printed = QCoreApplication.translate(
            "DossierView", "Đã in “{document}” từ bản xem trước."
        ).format(document=form.document_name)
        output.preview(form.pdf, parent, lambda: done(printed))


# --- the view -----------------------------------------------------------------------------------


class DossierView(QWidget):
    """A dossier's facts, history and next acts. ``opened(code)`` once a dossier is shown;
    ``act_recorded(ActResult)`` after each act; ``status_message(text)`` for the status bar."""

    status_message = Signal(str)
    opened = Signal(str)
    act_recorded = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        output: ReceiptOutput,
        bus: ChangeBus | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.output = output
        self.bus = bus
        self.language = workspace.settings.language
        self.ui = Ui_DossierView()
        self.ui.setupUi(self)
        self.story: DossierStory | None = None
        self.act_buttons: dict[Action, QPushButton] = {}
        self.act_dialog: ActDialog | None = None
        self._loading: Operation[DossierStory] | None = None
        ui = self.ui
        ui.history_table.setColumnCount(6)
        ui.history_table.setHorizontalHeaderLabels(
            [
                self.tr("Bước"),
                self.tr("Thời gian"),
                self.tr("Việc"),
                self.tr("Trạng thái sau"),
                self.tr("Người thực hiện"),
                self.tr("Nội dung"),
            ]
        )
        header = ui.history_table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        ui.printed_table.setColumnCount(4)
        ui.printed_table.setHorizontalHeaderLabels(
            [self.tr("Thời gian"), self.tr("Việc"), self.tr("Lần in"), self.tr("Người làm")]
        )
        printed_header = ui.printed_table.horizontalHeader()
        for column in range(3):
            printed_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        ui.code_label.setObjectName("dossier_code_label")
        font = ui.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        ui.code_label.setFont(font)
        state_font = ui.state_label.font()
        state_font.setBold(True)
        ui.state_label.setFont(state_font)
        ui.print_form_button.clicked.connect(self.print_selected)
        ui.print_slip_button.clicked.connect(self.print_control_slip)
        ui.refresh_button.clicked.connect(self.refresh)
        ui.history_table.itemSelectionChanged.connect(self._selection_changed)
        for keys, slot in (("Ctrl+P", self.print_selected), ("Ctrl+K", self.print_control_slip)):
            key = QShortcut(QKeySequence(keys), self)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(slot)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        self._show_nothing()

    # -- reading -------------------------------------------------------------------------------

    def focus_first(self) -> None:
        """The keys go to the first act button, else the history."""
        first = next(iter(self.act_buttons.values()), None)
        give_focus(first if first is not None else self.ui.history_table)

    @property
    def code(self) -> str | None:
        return self.story.dossier.code if self.story is not None else None

    def open(self, code: str) -> Operation[DossierStory]:
        """Read and show the dossier ``code`` (typed, scanned or picked from a list)."""
        workspace, actor = self.workspace, self.actor
        self._loading = run_operation(
            self,
            lambda: dossier_view(workspace, actor, code),
            self._show,
            self._not_opened,
            block_parent=False,
        )
        return self._loading

    @property
    def loading(self) -> bool:
        return self._loading is not None and not self._loading.done

    def refresh(self) -> Operation[DossierStory] | None:
        code = self.code
        return self.open(code) if code is not None else None

    def _not_opened(self, error: Exception) -> None:
        show_error(self, error)
        self.status_message.emit(error_text(error, self.language))

    def _show_nothing(self) -> None:
        ui = self.ui
        ui.facts_frame.setEnabled(False)
        ui.state_label.clear()
        ui.no_acts_label.setText(self.tr("Chưa mở hồ sơ nào."))
        ui.print_slip_button.setEnabled(False)
        ui.refresh_button.setEnabled(False)
        self._selection_changed()

    def _show(self, story: DossierStory) -> None:
        self.story = story
        record = story.dossier
        ui = self.ui
        ui.facts_frame.setEnabled(True)
        ui.code_label.setText(self.tr("Hồ sơ {code}").format(code=record.code))
        ui.state_label.setText(translate(STATE_LABELS[record.state], self.language))
        applicant = record.applicant
        ui.applicant_label.setText(
            " · ".join(p for p in (applicant.name, applicant.id_number, applicant.phone) if p)
        )
        ui.procedure_label.setText(
            self.tr("{name} ({code})").format(
                name=record.procedure_name, code=record.procedure_code
            )
        )
        ui.received_label.setText(_moment(record.received_at))
        ui.original_due_label.setText(_moment(record.original_due_at))
        ui.due_label.setText(_moment(record.due_at))
        ui.paused_label.setText(_moment(story.paused_at))
        ui.handling_label.setText(story.handling_unit or self.tr("Bộ phận một cửa (tại quầy)"))
        ui.counts_label.setText(
            self.tr(
                "{supplements} lần yêu cầu bổ sung · {extensions} lần gia hạn · {digitisation}"
            ).format(
                supplements=story.supplement_requests,
                extensions=story.extensions,
                digitisation=self._digitisation_text(story),
            )
        )
        self._show_history(story)
        self._show_printed(story)
        self._show_acts(story)
        ui.print_slip_button.setEnabled(True)
        ui.refresh_button.setEnabled(True)
        self.opened.emit(record.code)

    def _digitisation_text(self, story: DossierStory) -> str:
        """The dossier's digitisation as one phrase (its scans: Ctrl+6)."""
        status = story.digitisation
        if status.digitised:
            return self.tr("Đã số hóa đủ")
        if not status.components_digitised:
            missing = ", ".join(str(p) for p in status.missing)
            return self.tr("Chưa số hóa thành phần {positions}").format(positions=missing)
        return self.tr("Chưa số hóa kết quả")

    def _show_history(self, story: DossierStory) -> None:
        table = self.ui.history_table
        table.setRowCount(len(story.transitions))
        for row, record in enumerate(story.transitions):
            who = record.officer_name
            if record.approved_by:
                who = self.tr("{officer} (duyệt: {approver})").format(
                    officer=who, approver=record.approved_by
                )
            cells = (
                str(record.seq),
                office_moment_text(record.at),
                translate(ACTION_LABELS[record.action], self.language),
                translate(STATE_LABELS[record.to_state], self.language),
                who,
                history_text(record),
            )
            for column, text in enumerate(cells):
                table.setItem(row, column, _item(text, record.seq if column == 0 else None))
        table.resizeRowsToContents()
        if story.transitions:
            table.selectRow(len(story.transitions) - 1)  # the latest act, ready to print
        self._selection_changed()

    def _show_printed(self, story: DossierStory) -> None:
        table = self.ui.printed_table
        printed = story.beside_the_acts
        table.setRowCount(len(printed))
        for row, line in enumerate(printed):
            number = line.print_number
            if number is None:
                times = NONE_SHOWN
            elif number == 1:
                times = self.tr("Bản gốc")
            else:
                times = self.tr("In lại lần {n}").format(n=number - 1)
            cells = (office_moment_text(line.at), _entry_name(line), times, line.actor)
            for column, text in enumerate(cells):
                table.setItem(row, column, _item(text))

    def _show_acts(self, story: DossierStory) -> None:
        layout = self.ui.acts_layout
        for button in self.act_buttons.values():
            layout.removeWidget(button)
            button.deleteLater()
        self.act_buttons = {}
        texts = act_button_texts()
        at = layout.indexOf(self.ui.acts_spacer)
        for action in story.next_actions:
            if action is Action.RECEIVE:
                continue
            button = QPushButton(texts[action])
            button.setAutoDefault(False)
            button.setObjectName(f"{action.value}_button")
            button.clicked.connect(lambda _checked=False, a=action: self.start_act(a))
            layout.insertWidget(at, button)
            button.show()  # at once, not on the next turn of the event loop
            at += 1
            self.act_buttons[action] = button
        self.ui.no_acts_label.setText(self.tr("Hồ sơ đã kết thúc, không còn việc nào."))
        self.ui.no_acts_label.setVisible(not self.act_buttons)

    def _selection_changed(self) -> None:
        self.ui.print_form_button.setEnabled(self.selected_seq() is not None)

    def selected_seq(self) -> int | None:
        table = self.ui.history_table
        rows = table.selectionModel().selectedRows() if table.selectionModel() else []
        if not rows:
            return None
        item = table.item(rows[0].row(), 0)
        seq = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return seq if isinstance(seq, int) else None

    def shown_actions(self) -> list[Action]:
        """The act buttons on screen, in order (what the officer can do next)."""
        return list(self.act_buttons)

    # -- acts ----------------------------------------------------------------------------------

    def start_act(self, action: Action) -> ActDialog | None:
        """Open the dialog of ``action`` for the dossier shown."""
        story = self.story
        if story is None or action not in story.next_actions:
            return None
        kinds: dict[Action, type[ActDialog]] = {
            Action.TRANSFER: TransferActDialog,
            Action.REQUEST_SUPPLEMENT: SupplementDialog,
            Action.RESUME: ResumeDialog,
            Action.REFUSE: RefuseDialog,
            Action.APOLOGISE: ApologyActDialog,
            Action.STOP: StopDialog,
            Action.RECORD_RESULT: ResultDialog,
            Action.RETURN: ReturnDialog,
        }
        dialog = kinds[action](self.workspace, self.actor, story, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.made.connect(self._act_made)
        self.act_dialog = dialog
        dialog.open()
        dialog.first_field().setFocus()
        return dialog

    def _act_made(self, result: ActResult) -> None:
        record = result.transition
        label = translate(ACTION_LABELS[record.action], self.language)
        self.status_message.emit(
            self.tr("Đã ghi “{act}” cho hồ sơ {code}.").format(act=label, code=result.dossier.code)
        )
        if self.bus is not None:
            self.bus.dossier_saved.emit(result.dossier)
        self.act_recorded.emit(result)
        self.open(result.dossier.code)
        if record.action in FORM_ACTIONS:
            ask(
                self,
                self.tr("Đã ghi “{act}” cho hồ sơ {code}. In biểu mẫu của bước này ngay?").format(
                    act=label, code=result.dossier.code
                ),
                self.tr("In ngay"),
                self.tr("Để sau"),
                lambda: self._print_after_act(record.seq, result.dossier.code),
            )

    # -- printing ------------------------------------------------------------------------------

    def _print_after_act(self, seq: int, code: str) -> None:
        self.print_form(seq, code)

    def print_selected(self) -> Operation[RenderedForm] | None:
        seq, code = self.selected_seq(), self.code
        if seq is None or code is None:
            return None
        return self.print_form(seq, code)

    def print_form(self, seq: int, code: str) -> Operation[RenderedForm]:
        """Render act ``seq``'s form off the UI thread, then print or save it."""
        workspace, actor = self.workspace, self.actor
        return run_operation(
            self, lambda: render_form_of(workspace, actor, code, seq), self._deliver
        )

    def print_control_slip(self) -> Operation[RenderedForm] | None:
        code = self.code
        if code is None:
            return None
        workspace, actor = self.workspace, self.actor
        return run_operation(
            self, lambda: render_control_slip_of(workspace, actor, code), self._deliver
        )

    def _deliver(self, form: RenderedForm) -> None:
        try:
            deliver_form(self.output, form, self, self.status_message.emit)
        except PrintFailed as error:
            show_error(self, error)
            return
        # Counted once the document exists (as receipts are): the history lists it.
        workspace, actor = self.workspace, self.actor
        run_operation(
            self,
            lambda: count_form_print(workspace, actor, form),
            lambda _number: self._counted(),
            block_parent=False,
        )

    def _counted(self) -> None:
        self.refresh()


# --- the act dialogs ----------------------------------------------------------------------------


class FieldProblem(PlainFailure):
    """A dialog field the GUI could not read (a count that is no number): said in plain words,
    with the field to focus."""

    def __init__(self, text: str, field: str) -> None:
        super().__init__(text)
        self.field = field


class ActDialog(QDialog):
    """One act's fields. ``made(ActResult)`` once the act is recorded; Enter records (the
    "Ghi" button is the default), Esc cancels. Subclasses add their fields in ``build`` and
    return the service call in ``call`` (read on the UI thread, run on a worker)."""

    made = Signal(object)
    action: Action = Action.TRANSFER

    def __init__(
        self, workspace: Workspace, actor: Actor, story: DossierStory, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.story = story
        self.code = story.dossier.code
        self.language = workspace.settings.language
        self.fields: dict[str, QWidget] = {}
        self.act_result: ActResult | None = None
        officer = actor.officer
        self.self_approves = officer is not None and may(officer.role, Act.APPROVE_EXTENSION)
        self.setWindowTitle(translate(ACTION_LABELS[self.action], self.language))
        record = story.dossier
        about = QLabel(
            self.tr("Hồ sơ {code} · {name}\n{procedure}\n{state} · hẹn trả {due}").format(
                code=record.code,
                name=record.applicant.name,
                procedure=record.procedure_name,
                state=translate(STATE_LABELS[record.state], self.language),
                due=office_moment_text(record.due_at),
            )
        )
        about.setWordWrap(True)
        about.setObjectName("act_about_label")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.ok_button = QPushButton(self.tr("&Ghi"))
        self.ok_button.setObjectName("record_act_button")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(about)
        self.layout_.addLayout(self.form)
        self.build()
        self.layout_.addLayout(buttons)
        self.setMinimumWidth(max(560, self.minimumWidth()))

    # building

    def build(self) -> None:
        """Add the act's fields (subclasses)."""

    def line(self, field: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{field}_edit")
        edit.setPlaceholderText(placeholder)
        self.form.addRow(label, edit)
        self.fields[field] = edit
        return edit

    def approver_fields(self) -> tuple[QLineEdit, QLineEdit] | None:
        """A supervisor's username and password, when the officer is not one."""
        if self.self_approves:
            officer = self.actor.officer
            name = officer.full_name if officer is not None else ""
            self.form.addRow(self.tr("Người duyệt:"), QLabel(name))
            return None
        note = QLabel(self.tr("Việc này cần lãnh đạo bộ phận duyệt: người duyệt nhập tài khoản."))
        note.setWordWrap(True)
        self.form.addRow("", note)
        username = self.line("approver", self.tr("Tài khoản người &duyệt:"))
        password = self.line("approver_password", self.tr("&Mật khẩu người duyệt:"))
        password.setEchoMode(QLineEdit.EchoMode.Password)
        return username, password

    def approver_of(self, fields: tuple[QLineEdit, QLineEdit] | None) -> Callable[[], Any]:
        """A worker-side call proving the approver (None when the officer approves)."""
        if fields is None:
            return lambda: None
        workspace = self.workspace
        username, password = fields[0].text().strip(), fields[1].text()
        return lambda: confirm_approver(workspace, username, password)

    def first_field(self) -> QWidget:
        return next(iter(self.fields.values()), self.ok_button)

    # recording

    def call(self) -> Callable[[], ActResult]:
        raise NotImplementedError

    def submit(self) -> Operation[ActResult] | None:
        try:
            call = self.call()
        except FieldProblem as problem:
            self._refused(problem)
            return None
        return run_operation(self, call, self._made, self._refused)

    def _made(self, result: ActResult) -> None:
        self.act_result = result
        self.accept()
        self.made.emit(result)

    def _refused(self, error: Exception) -> None:
        password = self.fields.get("approver_password")
        if isinstance(password, QLineEdit):
            password.clear()
        if isinstance(error, DeskError | FieldProblem):
            log_failure(error)
        show_error(self, error)
        target = self.fields.get(str(getattr(error, "field", "") or ""))
        give_focus(target or self.first_field())


class TransferActDialog(ActDialog):
    action = Action.TRANSFER

    def build(self) -> None:
        self.unit_edit = self.line(
            "unit", self.tr("Đơn vị &nhận:"), self.tr("Phòng, ban giải quyết hồ sơ")
        )
        self.officer_edit = self.line("to_officer", self.tr("&Cán bộ nhận:"))
        self.note_edit = self.line("note", self.tr("Ghi ch&ú:"))
        self.back_check = QCheckBox(self.tr("Chuyển &về bộ phận một cửa (chưa có kết quả)"))
        self.back_check.setVisible(self.story.dossier.state is DossierState.IN_PROGRESS)
        self.back_check.toggled.connect(lambda back: self.unit_edit.setEnabled(not back))
        self.form.addRow("", self.back_check)

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code = self.workspace, self.actor, self.code
        back = self.back_check.isVisible() and self.back_check.isChecked()
        unit = "" if back else self.unit_edit.text()
        officer, note = self.officer_edit.text(), self.note_edit.text()
        return lambda: transfer(
            workspace, actor, code, unit=unit, to_officer=officer, note=note, back_to_desk=back
        )


class SupplementDialog(ActDialog):
    """Mẫu 02: each missing or wrong component with the papers asked for, and the reason. A
    second request needs a supervisor's reason and approval (the law: once and completely)."""

    action = Action.REQUEST_SUPPLEMENT
    COLUMNS = 5

    def build(self) -> None:
        table = self.items_table = QTableWidget(1, self.COLUMNS)
        table.setObjectName("items_table")
        table.setHorizontalHeaderLabels(
            [
                self.tr("Thành phần cần bổ sung"),
                self.tr("Bản chính"),
                self.tr("Bản sao CT"),
                self.tr("Bản chụp"),
                self.tr("Ghi chú"),
            ]
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setMinimumHeight(120)
        self.fields["items"] = table
        caption = QLabel(self.tr("&Thành phần hồ sơ cần bổ sung, hoàn thiện:"))
        caption.setBuddy(table)
        # Above the reason: what is missing comes first, as on the form.
        self.layout_.insertWidget(1, caption)
        self.layout_.insertWidget(2, table)
        self.component_combo = QComboBox()
        self.component_combo.setObjectName("component_combo")
        for component in self.story.dossier.components:
            self.component_combo.addItem(component.name)
        add = QPushButton(self.tr("Thêm dò&ng"))
        add.setAutoDefault(False)
        add.clicked.connect(lambda: self.add_item(self.component_combo.currentText()))
        remove = QPushButton(self.tr("&Xóa dòng"))
        remove.setAutoDefault(False)
        remove.clicked.connect(self.remove_item)
        row = QHBoxLayout()
        row.addWidget(self.component_combo, 1)
        row.addWidget(add)
        row.addWidget(remove)
        self.layout_.insertLayout(3, row)
        self.setMinimumWidth(720)
        self.reason_edit = self.line("reason", self.tr("&Lý do:"))
        self.guide_edit = self.line(
            "guide", self.tr("&Hướng dẫn:"), self.tr("Nơi tra cứu quy định, số điện thoại hỏi")
        )
        self.second_edit: QLineEdit | None = None
        self.approver: tuple[QLineEdit, QLineEdit] | None = None
        if self.story.supplement_requests >= 1:
            warning = QLabel(
                self.tr(
                    "Hồ sơ đã được yêu cầu bổ sung {n} lần; yêu cầu thêm phải có lãnh đạo bộ "
                    "phận duyệt và ghi lý do."
                ).format(n=self.story.supplement_requests)
            )
            warning.setWordWrap(True)
            self.form.addRow("", warning)
            self.second_edit = self.line(
                "second_request_reason", self.tr("Lý do &yêu cầu lần nữa:")
            )
            self.approver = self.approver_fields()
        # The first row's name comes first: the table has the focus first.
        self.fields = {"items": table, **{k: v for k, v in self.fields.items() if k != "items"}}

    def add_item(self, name: str = "") -> int:
        table = self.items_table
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(name))
        table.setCurrentCell(row, 0)
        return row

    def remove_item(self) -> None:
        row = self.items_table.currentRow()
        if row >= 0:
            self.items_table.removeRow(row)

    def set_item(self, row: int, name: str, original: int = 0, certified: int = 0) -> None:
        """Fill a row (for tests and for the component picker)."""
        while self.items_table.rowCount() <= row:
            self.add_item()
        for column, value in enumerate((name, str(original), str(certified))):
            self.items_table.setItem(row, column, QTableWidgetItem(value))

    def items(self) -> list[SupplementItem]:
        table, found = self.items_table, []
        for row in range(table.rowCount()):
            cells = [table.item(row, c) for c in range(self.COLUMNS)]
            texts = [c.text().strip() if c is not None else "" for c in cells]
            if not any(texts):
                continue
            counts: list[int] = []
            for text in texts[1:4]:
                if text and not text.isdecimal():
                    raise FieldProblem(
                        self.tr("Số bản phải là một số: “{text}” ở dòng {row}.").format(
                            text=text, row=row + 1
                        ),
                        "items",
                    )
                counts.append(int(text) if text else 0)
            found.append(SupplementItem(texts[0], counts[0], counts[1], counts[2], texts[4]))
        return found

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code = self.workspace, self.actor, self.code
        items, reason, guide = self.items(), self.reason_edit.text(), self.guide_edit.text()
        second = self.second_edit.text() if self.second_edit is not None else ""
        needs_approval = self.second_edit is not None
        prove = self.approver_of(self.approver) if needs_approval else (lambda: None)

        def act() -> ActResult:
            approver: OfficerInfo | None = prove()
            return request_supplement(
                workspace,
                actor,
                code,
                items=items,
                reason=reason,
                guide=guide,
                second_request_reason=second,
                approver=approver,
            )

        return act


class ResumeDialog(ActDialog):
    action = Action.RESUME

    def build(self) -> None:
        since = _moment(self.story.paused_at)
        text = QLabel(
            self.tr(
                "Công dân đã nộp đủ thành phần bổ sung. Thời hạn giải quyết chạy lại từ bây "
                "giờ; hạn trả lùi thêm bằng thời gian tạm dừng (từ {since})."
            ).format(since=since)
        )
        text.setWordWrap(True)
        self.form.addRow(text)

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code = self.workspace, self.actor, self.code
        return lambda: resume(workspace, actor, code)


class RefuseDialog(ActDialog):
    action = Action.REFUSE

    def build(self) -> None:
        self.reason_edit = self.line("reason", self.tr("&Lý do từ chối:"))

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code, reason = self.workspace, self.actor, self.code, self.reason_edit
        text = reason.text()
        return lambda: refuse(workspace, actor, code, reason=text)


class ApologyActDialog(ActDialog):
    """Mẫu 04: a new date after the current due date, the reason, a supervisor's approval."""

    action = Action.APOLOGISE

    def build(self) -> None:
        due_day = self.story.dossier.due_at.astimezone(OFFICE_TZ).date()
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("new_due_edit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setMinimumDate(_qdate(due_day + timedelta(days=1)))
        self.date_edit.setDate(_qdate(due_day + timedelta(days=1)))
        self.form.addRow(self.tr("Ngày &hẹn trả mới:"), self.date_edit)
        self.fields["new_due"] = self.date_edit
        self.reason_edit = self.line("reason", self.tr("&Lý do:"))
        self.title_edit = self.line(
            "approver_title", self.tr("&Chức vụ người duyệt:"), self.tr("Để trống: theo vai trò")
        )
        self.approver = self.approver_fields()
        if self.story.extensions >= 1:
            warning = QLabel(
                self.tr("Đây là lần gia hạn thứ hai trở lên: sẽ được ghi là ngoại lệ.")
            )
            warning.setWordWrap(True)
            self.form.addRow("", warning)
        self.fields = {"reason": self.reason_edit, **self.fields}

    @property
    def new_due(self) -> date:
        picked = self.date_edit.date()
        return date(picked.year(), picked.month(), picked.day())

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code = self.workspace, self.actor, self.code
        new_due, reason, title = self.new_due, self.reason_edit.text(), self.title_edit.text()
        prove = self.approver_of(self.approver)

        def act() -> ActResult:
            approver: OfficerInfo | None = prove()
            return apologise(
                workspace,
                actor,
                code,
                new_due=new_due,
                reason=reason,
                approver=approver,
                approver_title=title,
            )

        return act


class StopDialog(ActDialog):
    action = Action.STOP

    def build(self) -> None:
        self.reason_edit = self.line("reason", self.tr("&Lý do dừng:"))
        self.stage_edit = self.line("stage", self.tr("Đã giải quyết đến &bước:"))
        self.papers_edit = self.line("papers_returned", self.tr("Giấy &tờ đã trả lại:"))
        self.fees_edit = self.line("fees_settled", self.tr("&Phí, lệ phí đã xử lý:"))

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code = self.workspace, self.actor, self.code
        reason, stage = self.reason_edit.text(), self.stage_edit.text()
        papers, fees = self.papers_edit.text(), self.fees_edit.text()
        return lambda: stop(
            workspace,
            actor,
            code,
            reason=reason,
            stage=stage,
            papers_returned=papers,
            fees_settled=fees,
        )


class ResultDialog(ActDialog):
    action = Action.RECORD_RESULT

    def build(self) -> None:
        self.number_edit = self.line("number", self.tr("&Số, ký hiệu kết quả:"))
        self.signer_edit = self.line("signer", self.tr("&Người ký:"))
        self.issuer_edit = self.line("issuer", self.tr("&Cơ quan ban hành:"))
        self.summary_edit = self.line("summary", self.tr("&Trích yếu:"))

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code = self.workspace, self.actor, self.code
        number, signer = self.number_edit.text(), self.signer_edit.text()
        issuer, summary = self.issuer_edit.text(), self.summary_edit.text()
        return lambda: record_result(
            workspace, actor, code, number=number, signer=signer, issuer=issuer, summary=summary
        )


class ReturnDialog(ActDialog):
    """Who collected the result (the applicant, or a proxy with name and ID number), the
    originals handed back, the fee collected, or the postal waybill."""

    action = Action.RETURN

    def build(self) -> None:
        self.collector_combo = QComboBox()
        self.collector_combo.setObjectName("collector_combo")
        self.collector_combo.addItem(self.tr("Người nộp hồ sơ"), "applicant")
        self.collector_combo.addItem(self.tr("Người được ủy quyền"), "proxy")
        self.form.addRow(self.tr("Người &nhận:"), self.collector_combo)
        self.fields["collector"] = self.collector_combo
        applicant = self.story.dossier.applicant
        self.name_edit = self.line("collector_name", self.tr("&Họ tên người nhận:"), applicant.name)
        self.id_edit = self.line(
            "collector_id_number", self.tr("Số giấy &tờ tùy thân:"), applicant.id_number
        )
        self.originals_edit = self.line("originals_returned", self.tr("&Bản gốc trả lại:"))
        self.fee_edit = self.line("fee_amount", self.tr("&Phí, lệ phí (đồng):"))
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("fee_method_combo")
        for value, name in fee_method_names().items():
            self.method_combo.addItem(name, value)
        self.form.addRow(self.tr("Hình thức th&u:"), self.method_combo)
        self.fields["fee_method"] = self.method_combo
        self.fee_receipt_edit = self.line("fee_receipt_number", self.tr("Số biên &lai:"))
        self.waybill_edit = self.line(
            "postal_waybill", self.tr("Mã &vận đơn bưu điện:"), self.tr("Chỉ khi gửi qua bưu điện")
        )
        self.fields = {"collector": self.collector_combo, **self.fields}

    def fee_amount(self) -> int | None:
        text = self.fee_edit.text().replace(".", "").replace(",", "").replace(" ", "")
        if not text:
            return None
        if not text.isdecimal():
            raise FieldProblem(
                self.tr("Số tiền phí, lệ phí phải là số đồng, ví dụ 50.000."), "fee_amount"
            )
        return int(text)

    def call(self) -> Callable[[], ActResult]:
        workspace, actor, code = self.workspace, self.actor, self.code
        handover = Handover(
            collector=str(self.collector_combo.currentData()),
            collector_name=self.name_edit.text(),
            collector_id_number=self.id_edit.text(),
            originals_returned=self.originals_edit.text(),
            fee_amount_vnd=self.fee_amount(),
            fee_method=str(self.method_combo.currentData()),
            fee_receipt_number=self.fee_receipt_edit.text(),
            postal_waybill=self.waybill_edit.text(),
        )
        return lambda: return_result(workspace, actor, code, handover)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
