"""The intake screen: pick the procedure, tick the components, fill the applicant, save and print.

Every action has a key: F2 finds a procedure, Enter takes the highlighted one, Space ticks a
component, F8 pastes an ID-card QR, F12 saves and prints, Ctrl+N starts over. A scanner's QR
is caught anywhere on the screen (`ScannerWedge`). Save & Print is two operations off the UI
thread (`gui.operations`): the commit, then the receipt's render, whose bytes go to the printer
on the UI thread; a database busy for seconds never freezes the window. The dossier is
committed before printing, so a printer failure only costs a reprint from today's list.

Components: "Đã nhận đủ" ticks the required papers only; an optional ("nếu có") one counts
only when ticked by itself. Papers only shown for comparison are listed apart, under a heading
that says they are looked at and handed back, and are ticked like the others once checked.
Fees: where the procedure's rule needs the pages, the copies or a province-set amount, the
form asks for them; the fee line shows what the receipt will print (`preview_due`), and a
value out of range shows core's message there instead.

Received time: by default the moment of the save, shown as it goes by. "Nhập lùi ngày giờ"
lets the officer type an earlier one (a dossier taken on paper while the power was off); when
it is more than 30 days back the form asks why, as the services require (only a supervisor or
an administrator may, and the services say so to anyone else). Times are shown and typed in
office time (Asia/Ho_Chi_Minh), whatever the computer's own zone.

A scan fills the name, the ID number and the address, and a new scan replaces them all: the
card says who applies. An address the officer typed or corrected by hand is the exception:
it is kept (a contact address may differ from the card's), and the banner says so.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.citizen_id import FEMALE, MALE, CitizenIdCard, QrError, parse_qr
from desk_app.core.deadlines import describe_duration
from desk_app.core.dossier import COUNTER_CHANNELS, Applicant, Channel, Component, ReturnMethod
from desk_app.core.errors import DeskError, ValidationError
from desk_app.core.fees import FeeBasis, FeeRule, fee_text, parse_amount
from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import error_text, log_failure, show_error, show_message
from desk_app.gui.forms.ui_intake_form import Ui_IntakeForm
from desk_app.gui.operations import Operation, give_focus, run_operation
from desk_app.gui.qt import (
    QDateTime,
    QEvent,
    QFileDialog,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QObject,
    QShortcut,
    Qt,
    QTimer,
    QTimeZone,
    QWidget,
    Signal,
)
from desk_app.gui.receipt_jobs import ReceiptJobs
from desk_app.gui.receipt_output import PrintTarget
from desk_app.gui.scanner import ScannerWedge
from desk_app.gui.texts import office_moment_text
from desk_app.i18n import translate
from desk_app.services.catalogue import ProcedureIndex, ProcedureSummary
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.intake import (
    BACKDATE_LIMIT,
    DuePreview,
    IntakeRequest,
    preview_due,
    take_in,
)

log = logging.getLogger(__name__)

SEARCH_LIMIT = 30
DUE_REFRESH_MS = 60_000  # the due date moves with the clock (after 15:00, at closing time)
_LIST_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
_FEE_FIELDS = frozenset({"pages", "copies", "fee_vnd"})  # core.fees' ValidationError fields
T = TypeVar("T")


@dataclass(frozen=True)
class FeeInputs:
    """What the officer entered for the fee; None where not asked or not known."""

    pages: int | None = None
    copies: int | None = None
    fee_vnd: int | None = None


class IntakeView(QWidget):
    """One counter transaction at a time; a stored dossier is announced on the change bus."""

    status_message = Signal(str)
    # True when a save or a receipt print of this screen starts, False once all have answered:
    # the window's menu leaves the form alone meanwhile (a refused save keeps what was typed).
    busy_changed = Signal(bool)

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        receipts: ReceiptJobs,
        bus: ChangeBus,
        index: ProcedureIndex | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.receipts = receipts
        self.output = receipts.output
        self.bus = bus
        self.language = workspace.settings.language
        self.ui = Ui_IntakeForm()
        self.ui.setupUi(self)
        self._index = index if index is not None else ProcedureIndex.load(workspace)
        self._saving: Operation[DossierRecord] | None = None
        self._busy: set[Operation[Any]] = set()
        self._procedure: ProcedureSummary | None = None
        self._matches: list[ProcedureSummary] = []
        self._scanned_address: str | None = None  # what the last scan put in the address field
        self._time_refused = False  # the banner shows why the typed received time is refused
        self.ui.received_at_edit.setTimeZone(office_zone())
        self._fill_choices()
        self._connect()
        self._shortcuts()
        self.scanner = ScannerWedge(self)
        self.scanner.scanned.connect(self.apply_qr)
        self.scanner.interrupted.connect(self._scan_broke)
        self.scanner.install()
        self._due_timer = QTimer(self)
        self._due_timer.setInterval(DUE_REFRESH_MS)
        self._due_timer.timeout.connect(self.refresh_due)
        self._due_timer.start()
        self.hide_banner()
        # Tab pages do not pass height-for-width on, so reserve the two lines a fee note needs.
        fee_lines = 2 * self.ui.fee_label.fontMetrics().lineSpacing()
        self.ui.fee_label.setMinimumHeight(fee_lines)
        self._show_fee_inputs(None)
        self._show_received_at()
        self.search_procedures("")

    # -- set-up ---------------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        ui = self.ui
        channels = {
            Channel.COUNTER: self.tr("Trực tiếp tại bộ phận một cửa"),
            Channel.POSTAL: self.tr("Qua dịch vụ bưu chính"),
        }
        for channel in COUNTER_CHANNELS:
            ui.channel_combo.addItem(channels[channel], channel.value)
        returns = {
            ReturnMethod.COUNTER: self.tr("Tại bộ phận tiếp nhận và trả kết quả"),
            ReturnMethod.POST: self.tr("Qua bưu chính, tại địa chỉ người nộp"),
        }
        for method in ReturnMethod:  # a new method without a label here fails at once
            ui.return_method_combo.addItem(returns[method], method.value)
        for target, label in self.output.target_names().items():
            ui.print_target_combo.addItem(label, target.value)
        ui.print_target_combo.setCurrentIndex(ui.print_target_combo.findData(self.output.target))
        self._show_pdf_folder()

    def _connect(self) -> None:
        ui = self.ui
        ui.procedure_search_edit.textChanged.connect(self.search_procedures)
        ui.procedure_search_edit.returnPressed.connect(self.take_highlighted_procedure)
        ui.procedure_search_edit.installEventFilter(self)
        ui.procedure_list.itemActivated.connect(lambda _item: self.take_highlighted_procedure())
        ui.all_components_button.clicked.connect(self.tick_all_components)
        ui.paste_qr_button.clicked.connect(self.paste_qr)
        ui.save_print_button.clicked.connect(self.save_and_print)
        ui.new_button.clicked.connect(self.start_over)
        ui.pdf_folder_button.clicked.connect(self.choose_pdf_folder)
        ui.print_target_combo.currentIndexChanged.connect(self._print_target_changed)
        ui.pages_spin.valueChanged.connect(self.refresh_due)
        ui.copies_spin.valueChanged.connect(self.refresh_due)
        ui.fee_amount_edit.textChanged.connect(self.refresh_due)
        ui.backdate_check.toggled.connect(self._backdate_toggled)
        ui.received_at_edit.dateTimeChanged.connect(self._received_at_changed)

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("F2", self.focus_search),
            ("F8", self.paste_qr),
            ("F12", self.save_and_print),
            ("Ctrl+N", self.start_over),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search field move through the matches without leaving the field."""
        if (
            watched is self.ui.procedure_search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _LIST_KEYS
        ):
            QGuiApplication.sendEvent(self.ui.procedure_list, QKeyEvent(event))
            return True
        return super().eventFilter(watched, event)

    # -- procedure ------------------------------------------------------------------------------

    @property
    def procedure(self) -> ProcedureSummary | None:
        return self._procedure

    def focus_search(self) -> None:
        """The search field gets the keys, unless the screen is in a tab not shown."""
        give_focus(self.ui.procedure_search_edit, Qt.FocusReason.ShortcutFocusReason)
        self.ui.procedure_search_edit.selectAll()

    def search_procedures(self, text: str) -> None:
        """Refill the match list; diacritics and đ are ignored by the index."""
        self._matches = self._index.search(text, limit=SEARCH_LIMIT)
        listing = self.ui.procedure_list
        listing.clear()
        for summary in self._matches:
            # The code first: a long name must never hide it.
            item = QListWidgetItem(f"{summary.code}  {summary.name}")
            duration = describe_duration(summary.duration, lambda m: translate(m, self.language))
            item.setToolTip(
                f"{summary.code} {summary.name}\n{summary.field} · {duration} · {summary.fee_text}"
            )
            listing.addItem(item)
        if self._matches:
            listing.setCurrentRow(0)

    def take_highlighted_procedure(self) -> None:
        row = self.ui.procedure_list.currentRow()
        if 0 <= row < len(self._matches):
            self.choose_procedure(self._matches[row])
            self.ui.components_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_procedure(self, summary: ProcedureSummary) -> None:
        self._procedure = summary
        self.ui.procedure_name_label.setText(
            "<b>{name}</b><br>{details}".format(
                name=html.escape(summary.name),
                details=html.escape(
                    self.tr("Lĩnh vực {field} · mã {code}").format(
                        field=summary.field, code=summary.code
                    )
                ),
            )
        )
        self._list_components(summary.components)
        self._show_fee_inputs(summary.fee_rule)
        self.refresh_due()

    def _list_components(self, components: tuple[Component, ...]) -> None:
        """The papers kept, then those only shown under a heading of their own (as the
        receipt prints them apart): both are ticked once checked."""
        listing = self.ui.components_list
        listing.clear()
        # Each group is numbered from 1, as the receipt numbers the papers it lists.
        kept = [component for component in components if not component.shown_only]
        for number, component in enumerate(kept, start=1):
            listing.addItem(self._component_item(component, number))
        shown = [component for component in components if component.shown_only]
        if shown:
            heading = QListWidgetItem(
                self.tr("Giấy tờ xuất trình để đối chiếu (xem rồi trả lại, không nộp lại):")
            )
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # neither ticked nor selected
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            listing.addItem(heading)
            for number, component in enumerate(shown, start=1):
                listing.addItem(self._component_item(component, number))
        if listing.count():
            listing.setCurrentRow(0)

    def _component_item(self, component: Component, number: int) -> QListWidgetItem:
        text = self._component_text(component, number)
        if component.shown_only:
            text = self.tr("{component} — xem rồi trả lại").format(component=text)
        item = QListWidgetItem(text)
        if component.shown_only:
            item.setToolTip(
                self.tr(
                    "Xuất trình bản chính để đối chiếu, không nộp lại: đánh dấu khi đã xem, "
                    "rồi trả lại người nộp."
                )
            )
        item.setData(Qt.ItemDataRole.UserRole, component.position)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _component_text(self, component: Component, number: int) -> str:
        counts = []
        if component.original_count:
            counts.append(self.tr("%n bản chính", "", component.original_count))
        if component.copy_count:
            counts.append(self.tr("%n bản sao", "", component.copy_count))
        if counts:
            template = (
                self.tr("{position}. {name} ({counts})")
                if component.required
                else self.tr("{position}. {name} ({counts}) (nếu có)")
            )
        else:
            template = (
                self.tr("{position}. {name}")
                if component.required
                else self.tr("{position}. {name} (nếu có)")
            )
        return template.format(position=number, name=component.name, counts=", ".join(counts))

    def _component_items(self) -> list[tuple[int, QListWidgetItem]]:
        """Each paper's row with its position (the heading of shown papers is none)."""
        listing = self.ui.components_list
        rows = []
        for row in range(listing.count()):
            item = listing.item(row)
            position = item.data(Qt.ItemDataRole.UserRole)
            if position is not None:
                rows.append((int(position), item))
        return rows

    def tick_all_components(self) -> None:
        """Tick every required paper; an optional ("nếu có") one is ticked by itself."""
        if self._procedure is None:
            return
        required = {c.position for c in self._procedure.components if c.required}
        for position, item in self._component_items():
            if position in required:
                item.setCheckState(Qt.CheckState.Checked)

    def received_components(self) -> tuple[int, ...]:
        return tuple(
            position
            for position, item in self._component_items()
            if item.checkState() == Qt.CheckState.Checked
        )

    # -- fee ------------------------------------------------------------------------------------

    def _show_fee_inputs(self, rule: FeeRule | None) -> None:
        """Ask for what the procedure's fee depends on, and only that; start empty."""
        ui = self.ui
        pages = rule is not None and rule.needs_pages
        copies = rule is not None and rule.needs_copies
        amount = rule is not None and rule.basis is FeeBasis.PROVINCE
        for widgets, shown in (
            ((ui.pages_label, ui.pages_spin), pages),
            ((ui.copies_label, ui.copies_spin), copies),
            ((ui.fee_amount_label, ui.fee_amount_edit), amount),
        ):
            for widget in widgets:
                widget.setVisible(shown)
        for widget in (ui.pages_spin, ui.copies_spin, ui.fee_amount_edit):
            widget.blockSignals(True)  # one refresh follows, from the caller
        ui.pages_spin.setValue(ui.pages_spin.minimum())  # "—": not known yet
        ui.copies_spin.setValue(ui.copies_spin.minimum())
        ui.fee_amount_edit.clear()
        for widget in (ui.pages_spin, ui.copies_spin, ui.fee_amount_edit):
            widget.blockSignals(False)

    def fee_inputs(self) -> FeeInputs:
        """The pages, copies and amount the fee rule asks for (None: not asked, not known);
        core's ValidationError for an amount that is not one or a count out of range."""
        if self._procedure is None:
            return FeeInputs()
        rule = self._procedure.fee_rule
        ui = self.ui
        pages = _count(ui.pages_spin.value(), ui.pages_spin.minimum())
        copies = _count(ui.copies_spin.value(), ui.copies_spin.minimum())
        return FeeInputs(
            pages=pages if rule.needs_pages else None,
            copies=copies if rule.needs_copies else None,
            fee_vnd=self._entered_amount() if rule.basis is FeeBasis.PROVINCE else None,
        )

    def _entered_amount(self) -> int | None:
        """An amount in đồng as typed ("50.000", "50 000", "50000"); blank is not known."""
        return parse_amount(self.ui.fee_amount_edit.text())

    def _preview(self, code: str) -> tuple[DuePreview, FeeInputs, str | None]:
        """The preview with the fee inputs, or without them and the reason they are refused."""
        received_at = self.received_at()
        try:
            fee = self.fee_inputs()
            preview = preview_due(
                self.workspace,
                self.actor,
                code,
                received_at,
                pages=fee.pages,
                copies=fee.copies,
                fee_vnd=fee.fee_vnd,
            )
        except ValidationError as error:
            if error.field not in _FEE_FIELDS:
                raise
            problem = error_text(error, self.language)
            return preview_due(self.workspace, self.actor, code, received_at), FeeInputs(), problem
        return preview, fee, None

    def _fee_line(self, preview: DuePreview) -> str:
        """The receipt's fee line; in another language, the same line in its words (core.fees)."""
        assert self._procedure is not None
        if self.language == "vi":
            return preview.fee_text
        translate_here = lambda msgid: translate(msgid, self.language)  # noqa: E731
        return fee_text(preview.fee_due, translate_here, self._procedure.fee_rule)

    def _show_fee(self, text: str, problem: bool) -> None:
        label = self.ui.fee_label
        label.setText(text)
        label.setToolTip(self._procedure.fee_note if self._procedure and not problem else text)
        label.setProperty("kind", "error" if problem else "")
        label.style().unpolish(label)
        label.style().polish(label)

    def refresh_due(self) -> None:
        """The due date and fee the receipt will show if the dossier is saved now."""
        self._show_received_at()
        if self._procedure is None:
            self._no_due()
            return
        try:
            preview, _inputs, problem = self._preview(self._procedure.code)
        except ValidationError as error:
            if error.field != "received_at":
                log_failure(error)
                self.show_banner(error_text(error, self.language), "error")
                return
            # A received time in the future, said while it is typed (not logged: nothing
            # was tried yet); a save would be refused with the same words.
            self._no_due()
            self._time_refused = True
            self.show_banner(error_text(error, self.language), "error")
            return
        except DeskError as error:  # runs every minute: a banner, never a stack of dialogs
            log_failure(error)
            self.show_banner(error_text(error, self.language), "error")
            return
        if self._time_refused:
            self._time_refused = False
            self.hide_banner()
        self.ui.due_label.setText(office_moment_text(preview.due_at))
        self.ui.duration_label.setText(
            describe_duration(preview.duration, lambda msgid: translate(msgid, self.language))
        )
        if problem is None:
            self._show_fee(self._fee_line(preview), problem=False)
        else:
            self._show_fee(problem, problem=True)

    def _no_due(self) -> None:
        for label in (self.ui.due_label, self.ui.duration_label):
            label.setText("—")
        self._show_fee("—", problem=False)

    # -- received time --------------------------------------------------------------------------

    @property
    def backdating(self) -> bool:
        return self.ui.backdate_check.isChecked()

    def received_at(self) -> datetime | None:
        """The received time typed (UTC), or None: the moment of the save."""
        if not self.backdating:
            return None
        return datetime.fromtimestamp(self.ui.received_at_edit.dateTime().toSecsSinceEpoch(), UTC)

    def needs_backdate_reason(self) -> bool:
        """The typed time is further back than the services take without a reason."""
        received_at = self.received_at()
        return received_at is not None and received_at < self.workspace.now() - BACKDATE_LIMIT

    def _show_received_at(self) -> None:
        """The clock while nothing is typed; the reason field only when one is needed."""
        ui = self.ui
        if not self.backdating:
            now = int(self.workspace.now().timestamp()) // 60 * 60
            ui.received_at_edit.blockSignals(True)  # the caller refreshes the due date
            ui.received_at_edit.setDateTime(QDateTime.fromSecsSinceEpoch(now, office_zone()))
            ui.received_at_edit.blockSignals(False)
        needed = self.needs_backdate_reason()
        ui.backdate_reason_label.setVisible(needed)
        ui.backdate_reason_edit.setVisible(needed)

    def _backdate_toggled(self, checked: bool) -> None:
        """Checked: the time shown (now) becomes the officer's to change, keys go to it."""
        ui = self.ui
        ui.received_at_edit.setEnabled(checked)
        if checked:
            give_focus(ui.received_at_edit)
        else:
            ui.backdate_reason_edit.clear()
        self.refresh_due()

    def _received_at_changed(self) -> None:
        self.refresh_due()

    # -- applicant and scanner ------------------------------------------------------------------

    def paste_qr(self) -> None:
        self.apply_qr(QGuiApplication.clipboard().text())

    def apply_qr(self, line: str) -> None:
        """Fill the applicant from an ID-card QR; a bad QR shows why and changes nothing."""
        try:
            card = parse_qr(line, today=self.workspace.now().astimezone(OFFICE_TZ).date())
        except QrError as error:
            show_error(self, error, self.language)
            return
        self._fill_from_card(card)

    def _scan_broke(self) -> None:
        """A scan that broke off or lost a separator: nothing of it is in the form."""
        self.show_banner(
            self.tr(
                "Mã QR quét chưa trọn (máy quét bị ngắt hoặc mất ký tự), nên chưa điền gì "
                "từ lần quét này. Hãy quét lại thẻ căn cước."
            ),
            "error",
        )

    def _fill_from_card(self, card: CitizenIdCard) -> None:
        """Replace what the previous scan filled; keep an address typed or corrected by hand."""
        ui = self.ui
        ui.applicant_name_edit.setText(card.full_name)
        ui.id_number_edit.setText(card.id_number)
        address = ui.address_edit.text()
        typed_address = bool(address.strip()) and address != self._scanned_address
        if not typed_address:
            ui.address_edit.setText(card.address)
            ui.address_edit.setCursorPosition(0)  # show where a long address starts
            self._scanned_address = ui.address_edit.text()
        ui.address_edit.setToolTip(
            self.tr("Địa chỉ trên thẻ: {address}").format(address=card.address)
        )
        sexes = {MALE: self.tr("Nam"), FEMALE: self.tr("Nữ")}
        ui.card_details_label.setText(
            self.tr("Sinh ngày {birth} · {sex}").format(
                birth=card.birth_date.strftime("%d/%m/%Y") if card.birth_date else "—",
                sex=sexes.get(card.sex or "", "—"),
            )
        )
        if card.name_lacks_diacritics:
            self.show_banner(
                self.tr(
                    "Họ tên đọc từ mã QR không có dấu (máy quét chưa ở chế độ Unicode). "
                    "Hãy sửa họ tên cho đúng như trên thẻ."
                ),
                "warning",
            )
            ui.applicant_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            ui.applicant_name_edit.selectAll()
        elif typed_address:
            self.show_banner(
                self.tr(
                    "Đã điền thông tin từ thẻ căn cước số {id_number}; hãy đối chiếu với thẻ. "
                    "Địa chỉ đã nhập tay được giữ nguyên; địa chỉ trên thẻ: {card_address}."
                ).format(id_number=card.id_number, card_address=card.address),
                "info",
            )
        else:
            self.show_banner(
                self.tr(
                    "Đã điền thông tin từ thẻ căn cước số {id_number}; hãy đối chiếu với thẻ."
                ).format(id_number=card.id_number),
                "info",
            )

    def show_banner(self, text: str, kind: str) -> None:
        """A non-modal notice above the form; ``kind`` is info, warning or error (style sheet)."""
        banner = self.ui.banner_label
        banner.setText(text)
        banner.setProperty("kind", kind)
        banner.style().unpolish(banner)
        banner.style().polish(banner)
        banner.show()

    def hide_banner(self) -> None:
        self.ui.banner_label.hide()
        self.ui.banner_label.clear()

    # -- save and print -------------------------------------------------------------------------

    def build_request(self) -> IntakeRequest:
        """The request as the form stands; a ValidationError for a fee that is not an amount
        or a page or copy count out of range."""
        ui = self.ui
        assert self._procedure is not None
        fee = self.fee_inputs()
        return IntakeRequest(
            procedure_code=self._procedure.code,
            applicant=Applicant(
                name=ui.applicant_name_edit.text(),
                id_number=ui.id_number_edit.text(),
                phone=ui.phone_edit.text(),
                email=ui.email_edit.text(),
                address=ui.address_edit.text(),
                representative=ui.representative_edit.text(),
            ),
            channel=Channel(ui.channel_combo.currentData()),
            components=self.received_components(),
            received_at=self.received_at(),
            sets_count=ui.sets_spin.value(),
            return_method=ReturnMethod(ui.return_method_combo.currentData()),
            pages=fee.pages,
            copies=fee.copies,
            fee_vnd=fee.fee_vnd,
            backdate_reason=ui.backdate_reason_edit.text() if self.needs_backdate_reason() else "",
        )

    def has_unsaved_input(self) -> bool:
        """The officer chose, typed, scanned or ticked something not saved yet (a search
        typed alone is not: nothing of it would be stored). For the quit prompt."""
        ui = self.ui
        return (
            self._procedure is not None
            or any(edit.text().strip() for edit in self._applicant_edits())
            or bool(ui.card_details_label.text())
            or ui.sets_spin.value() != 1
            or ui.channel_combo.currentIndex() != 0
            or ui.return_method_combo.currentIndex() != 0
            or self.backdating
        )

    def _applicant_edits(self) -> tuple[QLineEdit, ...]:
        ui = self.ui
        return (
            ui.applicant_name_edit,
            ui.id_number_edit,
            ui.phone_edit,
            ui.email_edit,
            ui.address_edit,
            ui.representative_edit,
        )

    @property
    def saving(self) -> bool:
        return self._saving is not None and self._saving.running

    @property
    def busy(self) -> bool:
        """A save or a receipt print of this screen has not answered yet."""
        return bool(self._busy)

    def _keep_busy(self, operation: Operation[T]) -> Operation[T]:
        """Say `busy_changed` while ``operation`` runs, on top of any other of this screen."""
        self._busy.add(operation)
        operation.settled.connect(self._operation_settled)  # dropped if this view goes
        if len(self._busy) == 1:
            self.busy_changed.emit(True)
        return operation

    def _operation_settled(self) -> None:
        # A save's answer starts its receipt's print before it settles: still busy then.
        self._busy = {operation for operation in self._busy if not operation.done}
        if not self._busy:
            self.busy_changed.emit(False)

    def save_and_print(self) -> Operation[DossierRecord] | None:
        """Store the dossier off the UI thread, then print its receipt (`print_receipt`);
        returns the save, or None when none started."""
        if self.saving:
            return None  # F12 pressed twice: the first save is still running
        if self._procedure is None:
            show_message(self, self.tr("Chưa chọn thủ tục hành chính."), QMessageBox.Icon.Warning)
            self.focus_search()
            return None
        try:
            request = self.build_request()
        except ValidationError as error:  # an amount, or a page or copy count, refused
            self._refused(error)
            return None
        self._saving = self._keep_busy(
            run_operation(
                self,
                lambda: take_in(self.workspace, self.actor, request),
                self._saved,
                self._refused,
            )
        )
        return self._saving

    def _saved(self, record: DossierRecord) -> None:
        log.info("dossier %s received by %s", record.code, self.actor.username)
        self.bus.dossier_saved.emit(record)
        self.start_over()
        self.show_banner(self.tr("Đã lưu hồ sơ {code}.").format(code=record.code), "info")
        # What the intake noticed on the way (the computer's clock went back): said at once.
        for notice in self.workspace.notices:
            self.show_banner(translate(notice, self.language), "error")
        self.workspace.notices.clear()
        self.print_receipt(record.code)

    def _refused(self, error: Exception) -> None:
        """Nothing was stored; what was typed stays, and the field at fault gets the focus."""
        show_error(self, error, self.language)
        if isinstance(error, DeskError):
            self._focus_field_of(error)

    def print_receipt(self, code: str) -> Operation[bytes]:
        """Print (or save) the receipt of a stored dossier; a failure leaves the dossier alone,
        and its message stays in the banner once the box is closed."""
        return self._keep_busy(
            self.receipts.print(
                self, code, self.status_message.emit, lambda text: self.show_banner(text, "error")
            )
        )

    def _focus_field_of(self, error: DeskError) -> None:
        widgets: dict[str, QWidget] = {
            "applicant_name": self.ui.applicant_name_edit,
            "id_number": self.ui.id_number_edit,
            "phone": self.ui.phone_edit,
            "email": self.ui.email_edit,
            "components": self.ui.components_list,
            "procedure": self.ui.procedure_search_edit,
            "sets_count": self.ui.sets_spin,
            "pages": self.ui.pages_spin,
            "copies": self.ui.copies_spin,
            "fee_vnd": self.ui.fee_amount_edit,
            "received_at": self.ui.received_at_edit,
        }
        if self.needs_backdate_reason() and not self.ui.backdate_reason_edit.text().strip():
            widgets["received_at"] = self.ui.backdate_reason_edit  # the time needs a reason
        field = error.field if isinstance(error, ValidationError) else None
        if field in widgets:
            give_focus(widgets[field])

    def start_over(self) -> None:
        """An empty form for the next applicant; the print destination stays."""
        ui = self.ui
        for edit in self._applicant_edits():
            edit.clear()
        self._scanned_address = None
        ui.address_edit.setToolTip("")
        ui.card_details_label.clear()
        ui.channel_combo.setCurrentIndex(0)
        ui.return_method_combo.setCurrentIndex(0)
        ui.sets_spin.setValue(1)
        ui.backdate_check.blockSignals(True)  # one refresh follows, below
        ui.backdate_check.setChecked(False)
        ui.backdate_check.blockSignals(False)
        ui.received_at_edit.setEnabled(False)
        ui.backdate_reason_edit.clear()
        self._time_refused = False
        ui.components_list.clear()
        ui.procedure_name_label.setText(self.tr("Chưa chọn thủ tục."))
        self._procedure = None
        self._show_fee_inputs(None)
        ui.procedure_search_edit.clear()
        self.refresh_due()
        self.hide_banner()
        self.focus_search()

    # -- receipt destination --------------------------------------------------------------------

    def _print_target_changed(self) -> None:
        self.output.target = PrintTarget(self.ui.print_target_combo.currentData())
        self._show_pdf_folder()

    def _show_pdf_folder(self) -> None:
        self.ui.pdf_folder_button.setToolTip(
            self.tr("Biên nhận PDF được lưu vào: {folder}").format(folder=self.output.pdf_folder)
        )

    def choose_pdf_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Chọn thư mục lưu biên nhận PDF"), str(self.output.pdf_folder)
        )
        if folder:
            self.set_pdf_folder(Path(folder))

    def set_pdf_folder(self, folder: Path) -> None:
        self.output.pdf_folder = folder
        self._show_pdf_folder()


def office_zone() -> QTimeZone:
    """Asia/Ho_Chi_Minh as Qt knows it; where Qt has no zone database, UTC+7 (Vietnam has kept
    it without summer time since 1975)."""
    zone = QTimeZone(OFFICE_TZ.key.encode())
    if zone.isValid():
        return zone
    return QTimeZone(7 * 3600)


def _count(value: int, blank: int) -> int | None:
    """A spin box's number, or None at its blank value ("—": not known yet)."""
    return None if value == blank else value
