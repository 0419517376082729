"""Log in before the counter opens: the first window, on screen before the database is open.

The dialog appears before SQLAlchemy, pydantic and the services are imported (issue 6, item
10): `open_workspace` opens the workstation off the UI thread while the officer types, and the
office line is filled once it is open. Pressing Enter before that waits for it and then logs in.
The argon2 check (~140 ms) runs off the UI thread too. A workspace that cannot be opened (a
broken settings file, a database another program holds) is a dialog in plain words; closing it
closes the login, and ``open_error`` says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desk_app.gui.feedback import error_text, log_failure, show_error
from desk_app.gui.forms.ui_login_dialog import Ui_LoginDialog
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import QDialog, QMessageBox, QWidget, Signal

if TYPE_CHECKING:
    from desk_app.services.context import OfficerInfo, Workspace
    from desk_app.services.setup import OfficeSetup


def _login(workspace: Workspace, username: str, password: str) -> OfficerInfo:
    from desk_app.services.auth import login  # on the worker: argon2 loads there

    return login(workspace, username, password)


class LoginDialog(QDialog):
    """Accepted once ``officer`` is set; a refusal is shown inline, the password cleared."""

    failed = Signal(str)
    workspace_ready = Signal()

    def __init__(
        self,
        language: str = "vi",
        demo: OfficeSetup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.workspace: Workspace | None = None
        self.open_error: Exception | None = None
        self.officer: OfficerInfo | None = None
        self._login_waits = False  # Enter pressed before the workspace was open
        self._logging_in: Operation[OfficerInfo] | None = None
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.office_label.setText(self.tr("Đang mở dữ liệu của máy trạm…"))
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

    # -- the workspace, opened behind the dialog ------------------------------------------------

    def open_workspace(self, opener: Callable[[], Workspace]) -> Operation[Workspace]:
        """Run ``opener`` off the UI thread; the dialog stays usable meanwhile."""
        return run_operation(
            self, opener, self.use_workspace, self._workspace_failed, block_parent=False
        )

    def use_workspace(self, workspace: Workspace) -> None:
        """The workspace is open: show whose counter this is, and log in if Enter was waiting."""
        self.workspace = workspace
        station = workspace.station
        if station is not None:
            self.ui.office_label.setText(
                self.tr("{office} · {workstation}").format(
                    office=station.office.name, workstation=station.workstation.name
                )
            )
        self.workspace_ready.emit()
        if self._login_waits and self.isVisible():
            self._login_waits = False
            self.try_login()

    def _workspace_failed(self, error: Exception) -> None:
        self.open_error = error
        self._login_waits = False
        self.ui.office_label.setText(self.tr("Chưa mở được dữ liệu của máy trạm."))
        self.ui.login_button.setEnabled(False)
        box = show_error(self, error, self.language)
        box.setIcon(QMessageBox.Icon.Critical)
        # Nothing can be done here without the workspace: closing the message ends the login.
        box.finished.connect(lambda _result: self.reject())

    # -- logging in -----------------------------------------------------------------------------

    def try_login(self) -> None:
        if self._logging_in is not None and self._logging_in.running:
            return
        if self.workspace is None:
            if self.open_error is None:
                self._login_waits = True
                self.ui.office_label.setText(
                    self.tr("Đang mở dữ liệu của máy trạm; sẽ đăng nhập ngay khi xong…")
                )
            return
        workspace = self.workspace
        username, password = self.ui.username_edit.text(), self.ui.password_edit.text()
        self._logging_in = run_operation(
            self, lambda: _login(workspace, username, password), self._logged_in, self._refused
        )

    def _logged_in(self, officer: OfficerInfo) -> None:
        self.officer = officer
        self.accept()

    def _refused(self, error: Exception) -> None:
        log_failure(error)
        text = error_text(error, self.language)
        self.ui.error_label.setText(text)
        self.ui.error_label.show()
        self.ui.password_edit.clear()
        self.ui.password_edit.setFocus()
        self.failed.emit(text)
