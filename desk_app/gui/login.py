"""Log in before the counter opens; the argon2 check (~140 ms) runs off the UI thread."""

from __future__ import annotations

from desk_app.gui.feedback import error_text, log_failure
from desk_app.gui.forms.ui_login_dialog import Ui_LoginDialog
from desk_app.gui.qt import QDialog, QWidget, Signal
from desk_app.gui.tasks import run_in_background
from desk_app.services.auth import OfficerInfo, login
from desk_app.services.desk import Desk
from desk_app.services.setup import OfficeSetup


class LoginDialog(QDialog):
    """Accepted once ``officer`` is set; a refusal is shown inline, the password cleared."""

    failed = Signal(str)

    def __init__(
        self, desk: Desk, demo: OfficeSetup | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.officer: OfficerInfo | None = None
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.office_label.setText(
            self.tr("{office} · {workstation}").format(
                office=desk.office.name, workstation=desk.workstation.name
            )
        )
        ui.error_label.hide()
        if demo is None:
            ui.demo_hint_label.hide()
        else:
            ui.demo_hint_label.setText(
                self.tr(
                    "Văn phòng mẫu đã sẵn sàng. Tài khoản dùng thử: {username}, "
                    "mật khẩu: {password}."
                ).format(username=demo.admin_username, password=demo.admin_password)
            )
            ui.username_edit.setText(demo.admin_username)
            ui.password_edit.setText(demo.admin_password)
        ui.login_button.clicked.connect(self.try_login)
        ui.quit_button.clicked.connect(self.reject)
        (ui.password_edit if ui.username_edit.text() else ui.username_edit).setFocus()

    def try_login(self) -> None:
        username, password = self.ui.username_edit.text(), self.ui.password_edit.text()
        self._busy(True)
        run_in_background(
            lambda: login(self.desk, username, password), self._logged_in, self._refused
        )

    def _busy(self, busy: bool) -> None:
        for widget in (self.ui.login_button, self.ui.username_edit, self.ui.password_edit):
            widget.setEnabled(not busy)

    def _logged_in(self, officer: OfficerInfo) -> None:
        self._busy(False)
        self.officer = officer
        self.accept()

    def _refused(self, error: Exception) -> None:
        self._busy(False)
        log_failure(error)
        text = error_text(error, self.desk.settings.language)
        self.ui.error_label.setText(text)
        self.ui.error_label.show()
        self.ui.password_edit.clear()
        self.ui.password_edit.setFocus()
        self.failed.emit(text)
