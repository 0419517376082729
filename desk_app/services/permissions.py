"""Every act checked against the officer's role, here in the services (issue 8), so neither a
window nor a command can do what the account may not; each refusal is audited and sent."""

from __future__ import annotations

from desk_app.core.errors import N_, DeskError
from desk_app.core.roles import Act, Role, may
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.sync.events import ActRefused

ROLE_NAMES: dict[Role, str] = {
    Role.OFFICER: N_("cán bộ tiếp nhận"),
    Role.SUPERVISOR: N_("lãnh đạo bộ phận"),
    Role.ADMIN: N_("quản trị viên"),
}
ACT_NAMES: dict[Act, str] = {
    Act.INTAKE: N_("tiếp nhận hồ sơ"),
    Act.RECEIPT: N_("in giấy tiếp nhận"),
    Act.LIFECYCLE: N_("xử lý hồ sơ"),
    Act.TICKETS: N_("cấp và gọi số thứ tự"),
    Act.BACKDATE: N_("ghi thời điểm nhận hồ sơ quá 30 ngày trước"),
    Act.REPORTS: N_("lập báo cáo"),
    Act.REASSIGN: N_("giao lại hồ sơ cho cán bộ khác"),
    Act.APPROVE_EXTENSION: N_("duyệt gia hạn giải quyết"),
    Act.UNLOCK_ACCOUNT: N_("mở khóa tài khoản"),
    Act.CATALOGUE: N_("sửa danh mục thủ tục"),
    Act.CALENDAR: N_("sửa lịch ngày nghỉ"),
    Act.OFFICE_RULES: N_("sửa quy định làm việc của cơ quan"),
    Act.OFFICE_IDENTITY: N_("đổi tên, đơn vị hoặc mã định danh của cơ quan"),
    Act.USERS: N_("quản lý tài khoản cán bộ"),
    Act.BACKUP_RESTORE: N_("sao lưu và khôi phục dữ liệu"),
    Act.SECURITY_CHECK: N_("kiểm tra an toàn dữ liệu"),
}


class NotPermitted(DeskError):
    msgid = N_("Tài khoản {role} không được phép {act}; hãy nhờ người có quyền thực hiện.")


def require(workspace: Workspace, actor: Actor, act: Act) -> None:
    """Return if ``actor`` may do ``act``; else audit the refusal and raise NotPermitted.

    The system itself (no officer: set-up, a schema upgrade, a settings migration) acts under
    the workstation's own authority. Call this before the act's own transaction: the refusal
    is committed on its own, the act never starts.
    """
    officer = actor.officer
    if officer is None or may(officer.role, act):
        return
    with workspace.write() as session:
        record_change(
            session,
            workspace,
            actor,
            ActRefused(act=act, role=officer.role),
            entity="officer",
            entity_id=officer.username,
            aggregate_id=officer.id,
        )
    raise NotPermitted(role=ROLE_NAMES[officer.role], act=ACT_NAMES[act])
