"""First start with no data folder: what ``desk-app init`` does, or a demo office to try the app.

The dialog asks what the receipt needs (issue 7, item 4): the administrator's full name, which
signs the receipts they take in (checked by the set-up service, `core.officers`), and the
office's way of counting working days (`core.rules.CountingMethod`, reference §4), whose due
time the receipt prints. The reception unit may stay empty: its placeholder shows the centre's
name the set-up then derives from the office's (`core.office.default_reception_unit`).

Once the office exists, the administrator's one-time recovery code (`services.recovery`) is
shown once, to be written down; the dialog is accepted when that message is closed.
"""

from __future__ import annotations

from pathlib import Path

from desk_app.core.errors import DeskError, ValidationError
from desk_app.core.office import default_reception_unit
from desk_app.core.rules import CountingMethod
from desk_app.gui.feedback import show_error, show_message
from desk_app.gui.forms.ui_first_run_dialog import Ui_FirstRunDialog
from desk_app.gui.operations import give_focus, run_operation
from desk_app.gui.qt import QDialog, QMessageBox, Qt, QWidget
from desk_app.services.setup import OfficeSetup, initialise, initialise_demo


class FirstRunDialog(QDialog):
    """Accepted once the office exists in ``home``; ``demo`` then says whether it is the sample."""

    def __init__(self, home: Path, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.language = language
        self.setup: OfficeSetup | None = None
        self.demo = False
        self.recovery_box: QMessageBox | None = None  # open while the code is shown
        self._working = False
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        ui = self.ui
        methods = {
            CountingMethod.WORKING_HOURS: self.tr("Cộng giờ làm việc từ lúc nhận (mặc định)"),
            CountingMethod.CIVIL_CODE: self.tr(
                "Theo Bộ luật Dân sự: tính từ ngày hôm sau, hết ngày cuối cùng"
            ),
        }
        for method, text in methods.items():
            ui.counting_method_combo.addItem(text, method.value)
        ui.office_name_edit.textChanged.connect(self._suggest_reception_unit)
        self._suggest_reception_unit(ui.office_name_edit.text())
        ui.create_button.clicked.connect(self.create_office)
        ui.demo_button.clicked.connect(self.create_demo)
        ui.quit_button.clicked.connect(self.reject)
        ui.office_name_edit.setFocus()

    def _suggest_reception_unit(self, office_name: str) -> None:
        """The name an empty reception unit gets, shown where it would be typed."""
        derived = default_reception_unit(office_name)
        self.ui.reception_unit_edit.setPlaceholderText(
            self.tr("Để trống: {unit}").format(unit=derived)
            if derived
            else self.tr("Để trống: Trung tâm Phục vụ hành chính công phường/xã …")
        )

    def office_setup(self) -> OfficeSetup:
        ui = self.ui
        return OfficeSetup(
            office_name=ui.office_name_edit.text(),
            reception_unit=ui.reception_unit_edit.text(),
            agency_id=ui.agency_id_edit.text(),
            place=ui.place_edit.text(),
            workstation=ui.workstation_spin.value(),
            admin_username=ui.admin_username_edit.text(),
            admin_full_name=ui.admin_full_name_edit.text(),
            admin_password=ui.admin_password_edit.text(),
            counting_method=CountingMethod(ui.counting_method_combo.currentData()),
        )

    def create_office(self) -> None:
        ui = self.ui
        if ui.admin_password_edit.text() != ui.admin_password_again_edit.text():
            show_message(
                self, self.tr("Hai lần nhập mật khẩu không khớp."), QMessageBox.Icon.Warning
            )
            ui.admin_password_again_edit.clear()
            ui.admin_password_again_edit.setFocus()
            return
        setup = self.office_setup()
        self._working = True
        run_operation(
            self,
            lambda: initialise(self.home, setup),
            lambda code: self._show_recovery_code(setup, code),
            self._failed,
        )

    def create_demo(self) -> None:
        self._working = True
        run_operation(
            self, lambda: initialise_demo(self.home), lambda s: self._created(s, True), self._failed
        )

    def reject(self) -> None:
        """The window's close button waits while the office is being created."""
        if not self._working:
            super().reject()

    def _show_recovery_code(self, setup: OfficeSetup, code: str) -> None:
        """The recovery code, once (only its hash is kept); accepted when the box closes."""
        text = self.tr(
            "Đã thiết lập máy trạm. Mã khôi phục của quản trị viên:\n\n{code}\n\n"
            "Hãy chép mã này ra giấy và cất vào nơi có khóa; mã chỉ hiện một lần này. Khi quản "
            "trị viên duy nhất quên mật khẩu, mã này đặt được mật khẩu mới (lệnh desk-app user "
            "recover)."
        ).format(code=code)
        box = show_message(self, text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_box = box
        box.finished.connect(lambda _result: self._created(setup, False))

    def _created(self, setup: OfficeSetup, demo: bool) -> None:
        self._working = False
        self.recovery_box = None
        self.setup = setup
        self.demo = demo
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._working = False
        show_error(self, error, self.language)
        if isinstance(error, DeskError):
            self._focus_field_of(error)

    def _focus_field_of(self, error: DeskError) -> None:
        """The field a refusal names gets the keyboard once its message is closed."""
        ui = self.ui
        fields: dict[str, QWidget] = {
            "office_name": ui.office_name_edit,
            "reception_unit": ui.reception_unit_edit,
            "agency_id": ui.agency_id_edit,
            "place": ui.place_edit,
            "workstation": ui.workstation_spin,
            "admin_username": ui.admin_username_edit,
            "full_name": ui.admin_full_name_edit,
            "admin_password": ui.admin_password_edit,
            "password": ui.admin_password_edit,
        }
        field = error.field if isinstance(error, ValidationError) else None
        if field in fields:
            give_focus(fields[field])
