"""The states of a dossier and the transitions allowed between them.

Every transition is an officer's act that the one-stop rules tie to a printed form (reference §2;
form numbers are "2018 set / 2025 set": Circular 01/2018/TT-VPCP, Circular 03/2025/TT-VPCP).
Services record each transition as a row of its own (who, when, from, to, reason).

A dossier starts life only at a valid receipt, because that is when its code is issued (§3).
A supplement request (Mẫu 02) or a refusal (Mẫu 03) handed out at the counter *instead of* a
receipt belongs to no dossier and is not a transition here.

Allowed transitions (``None`` = no dossier yet):

=====================  ==================  =====================  =============================
from                   action              to                     form / record
=====================  ==================  =====================  =============================
None                   RECEIVE             RECEIVED               Mẫu 01 receipt; register line
RECEIVED               TRANSFER            IN_PROGRESS            control slip (05 / 06), 1st row
IN_PROGRESS            TRANSFER            IN_PROGRESS            control slip, next unit's row
RECEIVED, IN_PROGRESS  REQUEST_SUPPLEMENT  SUPPLEMENT_REQUESTED   Mẫu 02 supplement request
SUPPLEMENT_REQUESTED   RESUME              RECEIVED               completed components at desk
RECEIVED, IN_PROGRESS  APOLOGISE           (unchanged)            Mẫu 04 apology, new due date
RECEIVED, IN_PROGRESS  RECORD_RESULT       RESULT_READY           control slip last row;
                                                                  register "result back"
RESULT_READY           RETURN              RETURNED               register "returned"; signature
RECEIVED, IN_PROGRESS, REFUSE              REFUSED                Mẫu 03 refusal
SUPPLEMENT_REQUESTED
RECEIVED, IN_PROGRESS, STOP                STOPPED                2025 Mẫu 05 stop notice;
SUPPLEMENT_REQUESTED                                              the applicant's request
=====================  ==================  =====================  =============================

Why these choices:

- RESUME leads back to RECEIVED, not IN_PROGRESS: everything enters through the one-stop desk, so
  the citizen brings the completed components to the desk, which hands them on with a new
  control-slip row (TRANSFER) or resolves the dossier itself.
- RECORD_RESULT is allowed straight from RECEIVED for acts the desk completes itself (same-day
  certifications), where no hand-over happens.
- APOLOGISE only while the unit is working on it: while a supplement is awaited the clock is
  paused (§4), and once the result is back nothing is late any more.
- RETURNED, REFUSED and STOPPED are final: a refused or stopped dossier is never revived (a new
  application gets a new receipt), and a returned result is history.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from desk_app.core.errors import N_, DeskError


class DossierState(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"  # handed over to the handling unit
    SUPPLEMENT_REQUESTED = "supplement_requested"  # clock paused while the citizen completes it
    RESULT_READY = "result_ready"  # result back at the desk, waiting for the citizen
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"  # withdrawn by the applicant / processing stopped


class Action(StrEnum):
    RECEIVE = "receive"
    TRANSFER = "transfer"
    REQUEST_SUPPLEMENT = "request_supplement"
    RESUME = "resume"
    REFUSE = "refuse"
    APOLOGISE = "apologise"
    STOP = "stop"
    RECORD_RESULT = "record_result"
    RETURN = "return"


INITIAL_ACTION = Action.RECEIVE

STATE_LABELS: Mapping[DossierState, str] = MappingProxyType(
    {
        DossierState.RECEIVED: N_("Đã tiếp nhận"),
        DossierState.IN_PROGRESS: N_("Đang giải quyết"),
        DossierState.SUPPLEMENT_REQUESTED: N_("Chờ bổ sung"),
        DossierState.RESULT_READY: N_("Đã có kết quả"),
        DossierState.RETURNED: N_("Đã trả kết quả"),
        DossierState.REFUSED: N_("Đã từ chối"),
        DossierState.STOPPED: N_("Đã dừng giải quyết"),
    }
)

ACTION_LABELS: Mapping[Action, str] = MappingProxyType(
    {
        Action.RECEIVE: N_("Tiếp nhận"),
        Action.TRANSFER: N_("Chuyển xử lý"),
        Action.REQUEST_SUPPLEMENT: N_("Yêu cầu bổ sung"),
        Action.RESUME: N_("Nhận hồ sơ bổ sung"),
        Action.REFUSE: N_("Từ chối"),
        Action.APOLOGISE: N_("Xin lỗi và hẹn lại"),
        Action.STOP: N_("Dừng giải quyết"),
        Action.RECORD_RESULT: N_("Nhận kết quả từ nơi giải quyết"),
        Action.RETURN: N_("Trả kết quả"),
    }
)

_S = DossierState
_A = Action
_OPEN = (_S.RECEIVED, _S.IN_PROGRESS)  # the unit is working on it and the clock runs
_UNRESOLVED = (*_OPEN, _S.SUPPLEMENT_REQUESTED)

_TRANSITIONS: Mapping[tuple[DossierState | None, Action], DossierState] = MappingProxyType(
    {
        (None, _A.RECEIVE): _S.RECEIVED,  # Mẫu 01
        (_S.RECEIVED, _A.TRANSFER): _S.IN_PROGRESS,  # control slip 05 (2018) / 06 (2025)
        (_S.IN_PROGRESS, _A.TRANSFER): _S.IN_PROGRESS,  # control slip: next handling unit
        **{(s, _A.REQUEST_SUPPLEMENT): _S.SUPPLEMENT_REQUESTED for s in _OPEN},  # Mẫu 02
        (_S.SUPPLEMENT_REQUESTED, _A.RESUME): _S.RECEIVED,
        **{(s, _A.APOLOGISE): s for s in _OPEN},  # Mẫu 04: only the due date changes
        **{(s, _A.RECORD_RESULT): _S.RESULT_READY for s in _OPEN},
        (_S.RESULT_READY, _A.RETURN): _S.RETURNED,
        **{(s, _A.REFUSE): _S.REFUSED for s in _UNRESOLVED},  # Mẫu 03
        **{(s, _A.STOP): _S.STOPPED for s in _UNRESOLVED},  # Mẫu 05 (2025); the applicant's request
    }
)


class ForbiddenTransition(DeskError):
    """The officer asked for an act the dossier's current state does not allow."""

    def __init__(self, state: DossierState | None, action: Action) -> None:
        if state is None:
            super().__init__(
                N_("Không thể “{action}” khi hồ sơ chưa được tiếp nhận."),
                action=ACTION_LABELS[action],
            )
        else:
            super().__init__(
                N_("Không thể “{action}” khi hồ sơ đang ở trạng thái “{state}”."),
                action=ACTION_LABELS[action],
                state=STATE_LABELS[state],
            )
        self.state = state
        self.action = action


def transition(state: DossierState | None, action: Action) -> DossierState:
    """The state after ``action``; ForbiddenTransition if ``state`` does not allow it."""
    try:
        return _TRANSITIONS[(state, action)]
    except KeyError:
        raise ForbiddenTransition(state, action) from None


def allowed_actions(state: DossierState | None) -> frozenset[Action]:
    """What the officer may do next (the GUI enables exactly these buttons)."""
    return frozenset(action for (source, action) in _TRANSITIONS if source == state)


def next_actions(state: DossierState | None) -> tuple[Action, ...]:
    """The acts allowed from ``state`` in one fixed order (the order of `Action`, which is
    the order of a dossier's life), so the dossier view lists them alike every time."""
    allowed = allowed_actions(state)
    return tuple(action for action in Action if action in allowed)


def is_terminal(state: DossierState) -> bool:
    """True when nothing more can happen to the dossier."""
    return not allowed_actions(state)
