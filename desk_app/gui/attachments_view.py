"""A dossier's scans (issue 10, item 5): each component's files and the result's, the dossier's
digitisation status, adding files and viewing them.

Files come from a file dialog, by drag and drop (files dropped from Explorer arrive as local
URLs; a program that drops bytes, such as a scanner utility, as data with a file name), or from
a watched scanner folder: a timer asks `services.attachments.take_from_folder` to attach
whatever the scanner has finished writing there to the component chosen in "Gắn vào". Each file
is checked by the service (type by content, size, a readable PDF); a refused file is said in
plain words and the others are attached all the same.

Viewing reads the stored bytes through `read_attachment`, which hashes them again: a scan lost
or altered on the disk is shown as that, in red, never as the scan taken. Listing checks every
file the same way (`check_files`), so a damaged one is marked in the list before anybody opens
it. PDFs are shown with QtPdf in the window; pictures (JPEG, PNG, TIFF's first page) in a label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desk_app.core.errors import DeskError, Message
from desk_app.gui.feedback import ask, error_text, log_failure
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import (
    QAbstractItemView,
    QColor,
    QComboBox,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFileDialog,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMimeData,
    QPdfDocument,
    QPdfView,
    QPixmap,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    Qt,
    QTimer,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk_app.gui.receipt_output import load_pdf
from desk_app.gui.state import GuiState
from desk_app.gui.texts import office_moment_text
from desk_app.i18n import translate
from desk_app.services.attachments import (
    AttachmentDamaged,
    AttachmentRecord,
    DigitisationStatus,
    DossierFiles,
    FolderIntake,
    IntegrityReport,
    attach_bytes,
    attach_file,
    check_files,
    detach_file,
    list_files,
    read_attachment,
    take_from_folder,
)
from desk_app.services.context import Actor, Workspace

SCANNER_FOLDER_KEY = "attachments/scanner_folder"
POLL_MS = 3_000  # the scanner folder looked at every 3 s: a page scans in about that
RESULT = -1  # the target combo's value for "the result"
OK_GREEN = "#1b6e20"
DAMAGED_RED = QColor("#b3261e")
_SHA_ROLE = Qt.ItemDataRole.UserRole
FILE_FILTER = "*.pdf *.jpg *.jpeg *.png *.tif *.tiff"


@dataclass(frozen=True)
class Listing:
    files: DossierFiles
    integrity: IntegrityReport

    def problem_of(self, sha256: str) -> Message | None:
        return next(
            (p.message for p in self.integrity.problems if p.attachment.sha256 == sha256), None
        )


@dataclass(frozen=True)
class AttachOutcome:
    """A batch of files given to the service: those attached and those refused (why)."""

    attached: tuple[AttachmentRecord, ...]
    refused: tuple[tuple[str, DeskError], ...]


def _list(workspace: Workspace, actor: Actor, code: str) -> Listing:
    return Listing(list_files(workspace, actor, code), check_files(workspace, actor, code))


class AttachmentsView(QWidget):
    """The scans of one dossier (`show_dossier`). ``files_changed(code)``: a scan was attached
    or removed; ``status_changed(DigitisationStatus)``: after each reading;
    ``scanner_folder_changed(path)``: the officer chose another scanner folder."""

    files_changed = Signal(str)
    status_changed = Signal(object)
    scanner_folder_changed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        state: GuiState | None = None,
        poll_ms: int = POLL_MS,
        settle_seconds: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.language = workspace.settings.language
        self.state = state
        self.code: str | None = None
        self.listing: Listing | None = None
        self.scanner_folder: Path | None = None
        self._settle = settle_seconds
        self._document: QPdfDocument | None = None
        self._taking: Operation[FolderIntake] | None = None
        self._advance = False  # move "Gắn vào" on to the next paper at the next reading
        self.setAcceptDrops(True)

        self.title_label = QLabel(self.tr("Chưa chọn hồ sơ."))
        font = QFont(self.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.target_combo = QComboBox()
        self.add_button = QPushButton(self.tr("Thêm tệp…"))
        self.remove_button = QPushButton(self.tr("Gỡ tệp"))
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        target_row = QHBoxLayout()
        target_row.addWidget(QLabel(self.tr("Gắn vào:")))
        target_row.addWidget(self.target_combo, 1)
        target_row.addWidget(self.add_button)
        target_row.addWidget(self.remove_button)

        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_button = QPushButton(self.tr("Chọn thư mục máy quét…"))
        self.watch_button = QPushButton(self.tr("Lấy bản quét tự động"))
        self.watch_button.setCheckable(True)
        self.folder_button.clicked.connect(self.choose_scanner_folder)
        self.watch_button.toggled.connect(self.watch)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.watch_button)

        self.tree = QTreeWidget()
        headers = [self.tr("Thành phần / tệp"), self.tr("Loại"), self.tr("Trang"), self.tr("Lúc")]
        self.tree.setColumnCount(len(headers))
        self.tree.setHeaderLabels(headers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(lambda *_: self.view_selected())
        drop_hint = QLabel(self.tr("Kéo thả tệp PDF, JPEG, PNG, TIFF vào đây để đính kèm."))
        drop_hint.setStyleSheet("color: #555555;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(drop_hint)

        self.viewer = QStackedWidget()
        self.viewer_message = QLabel(self.tr("Chọn một tệp để xem."))
        self.viewer_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer_message.setWordWrap(True)
        self.pdf_view = QPdfView()
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll = QScrollArea()
        self.image_scroll.setWidgetResizable(True)
        self.image_scroll.setWidget(self.image_label)
        for page in (self.viewer_message, self.pdf_view, self.image_scroll):
            self.viewer.addWidget(page)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.viewer)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 480])  # the page must be readable beside the list

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.status_label)
        layout.addLayout(target_row)
        layout.addLayout(folder_row)
        layout.addWidget(self.message_label)
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.take_from_scanner)
        remembered = state.text(SCANNER_FOLDER_KEY, "") if state is not None else ""
        self.set_scanner_folder(Path(remembered) if remembered else None)
        self._enable()

    # --- the dossier --------------------------------------------------------------------

    def show_dossier(self, code: str) -> Operation[Listing]:
        """Show ``code``'s scans (read off the UI thread)."""
        if code != self.code:
            self.code = code
            self.listing = None
            self.message_label.hide()
            self._show_viewer_message(self.tr("Chọn một tệp để xem."))
        self.title_label.setText(self.tr("Bản quét của hồ sơ {code}").format(code=code))
        return self.reload()

    def reload(self) -> Operation[Listing]:
        code = self.code
        assert code is not None, "show_dossier first"
        return run_operation(
            self,
            lambda: _list(self.workspace, self.actor, code),
            self._listed,
            self._not_listed,
            block_parent=False,
        )

    def _not_listed(self, error: Exception) -> None:
        log_failure(error)
        self.status_label.setText(error_text(error, self.language))

    def _listed(self, listing: Listing) -> None:
        if listing.files.code != self.code:
            return  # another dossier was chosen meanwhile
        keep = self.selected_sha()
        self.listing = listing
        status = listing.files.status
        self._fill_targets(status)
        self.tree.clear()
        files = listing.files.attachments
        for component in status.components:
            own = [f for f in files if f.component_position == component.position]
            name = self.tr("{position}. {name}").format(
                position=component.position, name=component.name
            )
            self._add_group(name, own, needed=component.needed, listing=listing)
        if status.result_needed or any(f.component_position is None for f in files):
            own = [f for f in files if f.component_position is None]
            self._add_group(self.tr("Kết quả giải quyết"), own, status.result_needed, listing)
        self.tree.expandAll()
        self._select_sha(keep)
        self._show_status(status, listing)
        self.status_changed.emit(status)
        self._enable()

    def _add_group(
        self, name: str, files: Sequence[AttachmentRecord], needed: bool, listing: Listing
    ) -> None:
        if files:
            state = self.tr("%n tệp", "", len(files))
        elif needed:
            state = self.tr("chưa có bản quét")
        else:
            state = self.tr("không bắt buộc")
        group = QTreeWidgetItem([self.tr("{name}: {state}").format(name=name, state=state)])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        group.setToolTip(0, name)
        if needed and not files:
            group.setForeground(0, DAMAGED_RED)
        self.tree.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        for record in files:
            pages = str(record.pages) if record.pages is not None else "?"
            kind = record.media_type.split("/")[-1].upper().replace("JPEG", "JPEG")
            row = QTreeWidgetItem(
                [record.file_name, kind, pages, office_moment_text(record.added_at)]
            )
            row.setData(0, _SHA_ROLE, record.sha256)
            problem = listing.problem_of(record.sha256)
            tip = self.tr("{size} KB, mã {sha}, {officer}").format(
                size=max(1, round(record.size_bytes / 1024)),
                sha=record.sha256[:12],
                officer=record.officer_name,
            )
            if problem is not None:
                row.setText(0, self.tr("{name} (HỎNG)").format(name=record.file_name))
                tip = problem.render(self._translate)
                for column in range(self.tree.columnCount()):
                    row.setForeground(column, DAMAGED_RED)
            row.setToolTip(0, tip)
            group.addChild(row)

    def _translate(self, msgid: str) -> str:
        return translate(msgid, self.language)

    def _show_status(self, status: DigitisationStatus, listing: Listing) -> None:
        damaged = len(listing.integrity.problems)
        if damaged:
            text = self.tr(
                "%n tệp đính kèm bị hỏng hoặc bị thay đổi trên đĩa (tô đỏ); hãy đính kèm lại "
                "bản quét.",
                "",
                damaged,
            )
            colour = DAMAGED_RED.name()
        elif status.digitised:
            text = self.tr("Đã số hóa đủ: mọi thành phần cần lưu đều có bản quét.")
            if status.result_needed:
                text = self.tr("Đã số hóa đủ: các thành phần và kết quả đều có bản quét.")
            colour = OK_GREEN
        else:
            missing = ", ".join(str(p) for p in status.missing)
            if missing and status.result_needed and not status.result_scans:
                text = self.tr(
                    "Chưa số hóa đủ: thiếu bản quét thành phần số {missing} và kết quả."
                ).format(missing=missing)
            elif missing:
                text = self.tr("Chưa số hóa đủ: thiếu bản quét thành phần số {missing}.").format(
                    missing=missing
                )
            else:
                text = self.tr("Chưa số hóa đủ: thiếu bản quét kết quả.")
            colour = DAMAGED_RED.name()
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _fill_targets(self, status: DigitisationStatus) -> None:
        keep = self.target_combo.currentData()
        self.target_combo.clear()
        for component in status.components:
            label = self.tr("Thành phần {position}: {name}").format(
                position=component.position, name=component.name
            )
            self.target_combo.addItem(label, component.position)
        self.target_combo.addItem(self.tr("Kết quả giải quyết"), RESULT)
        index = self.target_combo.findData(keep) if keep is not None else -1
        # The first paper still to scan: at the start, and after a file filled the chosen one
        # (papers are scanned one after another, each to one file).
        advance = index < 0 or (self._advance and keep not in status.missing)
        if advance and status.missing:
            index = self.target_combo.findData(status.missing[0])
        self._advance = False
        self.target_combo.setCurrentIndex(max(0, index))

    def target(self) -> int | None:
        """The component the next files go to (None: the result)."""
        value = self.target_combo.currentData()
        return None if value in (None, RESULT) else int(value)

    def set_target(self, position: int | None) -> None:
        index = self.target_combo.findData(RESULT if position is None else position)
        if index >= 0:
            self.target_combo.setCurrentIndex(index)

    # --- adding -------------------------------------------------------------------------

    def choose_files(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Chọn bản quét để đính kèm"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("Bản quét ({patterns})").format(patterns=FILE_FILTER))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda names: self.attach_paths([Path(n) for n in names]))
        dialog.open()
        return dialog

    def attach_paths(self, paths: Sequence[Path]) -> Operation[AttachOutcome] | None:
        """Attach each file to the chosen target; one refused does not stop the others."""
        code, target = self.code, self.target()
        if code is None or not paths:
            return None
        workspace, actor = self.workspace, self.actor

        def call() -> AttachOutcome:
            attached, refused = [], []
            for path in paths:
                try:
                    attached.append(attach_file(workspace, actor, code, path, component=target))
                except DeskError as error:
                    refused.append((path.name, error))
            return AttachOutcome(tuple(attached), tuple(refused))

        return run_operation(self, call, self._attached)

    def attach_data(self, file_name: str, data: bytes) -> Operation[AttachOutcome] | None:
        """Attach bytes handed over by another program (a drop without a file)."""
        code, target = self.code, self.target()
        if code is None:
            return None
        workspace, actor = self.workspace, self.actor

        def call() -> AttachOutcome:
            try:
                record = attach_bytes(workspace, actor, code, file_name, data, component=target)
            except DeskError as error:
                return AttachOutcome((), ((file_name, error),))
            return AttachOutcome((record,), ())

        return run_operation(self, call, self._attached)

    def _attached(self, outcome: AttachOutcome) -> None:
        lines = []
        if outcome.attached:
            lines.append(self.tr("Đã đính kèm %n tệp.", "", len(outcome.attached)))
        for name, error in outcome.refused:
            log_failure(error)
            lines.append(
                self.tr("Không đính kèm {name}: {reason}").format(
                    name=name, reason=error_text(error, self.language)
                )
            )
        self._say(lines, bad=bool(outcome.refused))
        if outcome.attached and self.code is not None:
            self._advance = True
            self.files_changed.emit(self.code)
            self.reload()

    def _say(self, lines: Sequence[str], *, bad: bool) -> None:
        self.message_label.setVisible(bool(lines))
        self.message_label.setText("\n".join(lines))
        colour = DAMAGED_RED.name() if bad else OK_GREEN
        self.message_label.setStyleSheet(f"color: {colour};")

    # --- drag and drop ------------------------------------------------------------------

    def _droppable(self, mime: QMimeData | None) -> bool:
        if self.code is None or mime is None:
            return False
        return any(u.isLocalFile() for u in mime.urls()) if mime.hasUrls() else False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._droppable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._droppable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if not self._droppable(mime):
            event.ignore()
            return
        assert mime is not None
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.attach_paths(paths)

    # --- the scanner folder -------------------------------------------------------------

    def choose_scanner_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Chọn thư mục máy quét lưu bản quét vào"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.set_scanner_folder(Path(name)))
        dialog.open()
        return dialog

    def set_scanner_folder(self, folder: Path | None) -> None:
        """Use ``folder`` for scans (remembered for this workstation)."""
        self.scanner_folder = folder
        if folder is None:
            self.folder_label.setText(self.tr("Chưa chọn thư mục máy quét."))
        else:
            self.folder_label.setText(self.tr("Thư mục máy quét: {folder}").format(folder=folder))
            if self.state is not None:
                self.state.set_text(SCANNER_FOLDER_KEY, str(folder))
            self.scanner_folder_changed.emit(str(folder))
        self._enable()

    def watch(self, on: bool) -> None:
        """Take new scans from the folder every few seconds while ``on``."""
        if on and self.scanner_folder is not None:
            self.timer.start()
            self.take_from_scanner()
        else:
            self.timer.stop()
        if self.watch_button.isChecked() != self.timer.isActive():
            self.watch_button.setChecked(self.timer.isActive())

    def take_from_scanner(self) -> Operation[FolderIntake] | None:
        """One pass over the scanner folder (the timer's call; a pass still running is let
        finish rather than doubled)."""
        code, folder, target = self.code, self.scanner_folder, self.target()
        if code is None or folder is None or (self._taking and self._taking.running):
            return None
        workspace, actor = self.workspace, self.actor
        settle = self._settle

        def call() -> FolderIntake:
            if settle is None:
                return take_from_folder(workspace, actor, code, folder, component=target)
            return take_from_folder(
                workspace, actor, code, folder, component=target, settle_seconds=settle
            )

        self._taking = run_operation(
            self, call, self._taken, self._folder_failed, block_parent=False
        )
        return self._taking

    def _taken(self, intake: FolderIntake) -> None:
        if intake.empty:
            return
        lines = []
        if intake.attached:
            lines.append(self.tr("Đã lấy %n tệp từ thư mục máy quét.", "", len(intake.attached)))
        for found in (*intake.already_attached, *intake.refused):
            if found.refusal is not None:
                reason = found.refusal.render(self._translate)
                lines.append(
                    self.tr("Không đính kèm {name}: {reason}").format(
                        name=found.name, reason=reason
                    )
                )
        self._say(lines, bad=bool(intake.refused))
        if intake.attached and self.code is not None:
            self._advance = True
            self.files_changed.emit(self.code)
            self.reload()

    def _folder_failed(self, error: Exception) -> None:
        """A folder gone (a network drive, a USB scanner unplugged) stops the watching."""
        log_failure(error)
        self.watch(False)
        self._say([error_text(error, self.language)], bad=True)

    # --- viewing and removing -------------------------------------------------------------

    def selected_sha(self) -> str | None:
        chosen = self.tree.selectedItems()
        sha = chosen[0].data(0, _SHA_ROLE) if chosen else None
        return str(sha) if sha else None

    def selected_record(self) -> AttachmentRecord | None:
        sha = self.selected_sha()
        if sha is None or self.listing is None:
            return None
        return next((a for a in self.listing.files.attachments if a.sha256 == sha), None)

    def select_file(self, sha256: str) -> bool:
        self._select_sha(sha256)
        return self.selected_sha() == sha256

    def _select_sha(self, sha256: str | None) -> None:
        self.tree.clearSelection()
        if sha256 is not None:
            for index in range(self.tree.topLevelItemCount()):
                group = self.tree.topLevelItem(index)
                if group is None:
                    continue
                for child in (group.child(i) for i in range(group.childCount())):
                    if child is not None and child.data(0, _SHA_ROLE) == sha256:
                        self.tree.setCurrentItem(child)
                        child.setSelected(True)
                        break
        self._selection_changed()

    def _selection_changed(self) -> None:
        self._enable()
        if self.selected_sha() is not None:
            self.view_selected()

    def _enable(self) -> None:
        has_dossier = self.code is not None
        self.add_button.setEnabled(has_dossier)
        self.target_combo.setEnabled(has_dossier)
        self.remove_button.setEnabled(self.selected_sha() is not None)
        self.watch_button.setEnabled(has_dossier and self.scanner_folder is not None)

    def view_selected(self) -> Operation[bytes] | None:
        record = self.selected_record()
        if record is None or self.code is None:
            return None
        code, sha = self.code, record.sha256
        self._show_viewer_message(self.tr("Đang mở {name}…").format(name=record.file_name))
        return run_operation(
            self,
            lambda: read_attachment(self.workspace, self.actor, code, sha),
            lambda data: self._show_file(record, data),
            self._not_viewable,
            block_parent=False,
        )

    def _not_viewable(self, error: Exception) -> None:
        log_failure(error)
        text = error_text(error, self.language)
        if isinstance(error, AttachmentDamaged):
            text = self.tr("Không hiển thị được tệp này: {reason}").format(reason=text)
        self._show_viewer_message(text, bad=True)

    def _show_file(self, record: AttachmentRecord, data: bytes) -> None:
        if self.selected_sha() != record.sha256:
            return  # the officer has moved on
        if record.media_type == "application/pdf":
            self._replace_document(load_pdf(data, self))
            self.viewer.setCurrentWidget(self.pdf_view)
            return
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            self._show_viewer_message(
                self.tr("Không hiển thị được ảnh {name}.").format(name=record.file_name), bad=True
            )
            return
        width = max(200, self.image_scroll.viewport().width() - 8)
        if pixmap.width() > width:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image_label.setPixmap(pixmap)
        self.viewer.setCurrentWidget(self.image_scroll)

    def _replace_document(self, document: QPdfDocument) -> None:
        """Show ``document``; the one shown before goes once the view has let go of it (the
        view is never left without one: QPdfView warns on a null document)."""
        previous, self._document = self._document, document
        self.pdf_view.setDocument(document)
        if previous is not None:
            previous.close()
            previous.deleteLater()

    def _show_viewer_message(self, text: str, *, bad: bool = False) -> None:
        self.viewer_message.setText(text)
        self.viewer_message.setStyleSheet(
            f"color: {DAMAGED_RED.name()}; font-weight: bold;" if bad else "color: #555555;"
        )
        self.viewer.setCurrentWidget(self.viewer_message)

    def shown_page(self) -> QWidget | None:
        return self.viewer.currentWidget()

    def remove_selected(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        question = self.tr("Gỡ tệp {name} khỏi hồ sơ {code}?").format(
            name=record.file_name, code=record.code
        )

        def confirmed() -> None:
            self.detach(record)

        ask(self, question, self.tr("Gỡ tệp"), self.tr("Không gỡ"), confirmed)

    def detach(self, record: AttachmentRecord) -> Operation[AttachmentRecord]:
        code = record.code

        def removed(_record: AttachmentRecord) -> None:
            self._show_viewer_message(self.tr("Chọn một tệp để xem."))
            self._say([self.tr("Đã gỡ tệp {name}.").format(name=record.file_name)], bad=False)
            self.files_changed.emit(code)
            self.reload()

        return run_operation(
            self,
            lambda: detach_file(self.workspace, self.actor, code, record.sha256),
            removed,
        )
