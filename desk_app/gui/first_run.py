"""First start with no data folder: what ``desk-app init`` does, or a demo office to try the app."""

from __future__ import annotations

from pathlib import Path

from desk_app.gui.feedback import show_error, show_message
from desk_app.gui.forms.ui_first_run_dialog import Ui_FirstRunDialog
from desk_app.gui.operations import run_operation
from desk_app.gui.qt import QDialog, QMessageBox, QWidget
from desk_app.services.setup import OfficeSetup, initialise, initialise_demo


class FirstRunDialog(QDialog):
    """Accepted once the office exists in ``home``; ``demo`` then says whether it is the sample."""

    def __init__(self, home: Path, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.language = language
        self.setup: OfficeSetup | None = None
        self.demo = False
        self._working = False
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        self.ui.create_button.clicked.connect(self.create_office)
        self.ui.demo_button.clicked.connect(self.create_demo)
        self.ui.quit_button.clicked.connect(self.reject)
        self.ui.office_name_edit.setFocus()

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
            lambda _none: self._created(setup, False),
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

    def _created(self, setup: OfficeSetup, demo: bool) -> None:
        self._working = False
        self.setup = setup
        self.demo = demo
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._working = False
        show_error(self, error, self.language)
