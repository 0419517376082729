"""What the log keeps of a receipt that was not printed: a refusal is one plain line, a bug its
traceback. The log is read by whoever fixes the computer; the applicant's data stays out."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot

from desk_app.core.errors import N_, ValidationError
from desk_app.gui import receipt_jobs
from desk_app.gui.main_window import MainWindow
from desk_app.gui.operations import running_operations
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.receipts import RenderedReceipt
from tests.factories import intake_request
from tests.gui.conftest import open_message_boxes

BIRTH = "1.001193"
NAME = "Nguyễn Thị Thu Hà"
ID_NUMBER = "001190004321"


def failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == receipt_jobs.__name__]


def test_a_refused_receipt_is_logged_in_one_line_without_traceback_or_applicant(
    qtbot: QtBot,
    counter: MainWindow,
    workspace: Workspace,
    actor: Actor,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    code = take_in(workspace, actor, intake_request(BIRTH, NAME, id_number=ID_NUMBER)).code

    def refuse(_workspace: Workspace, _actor: Actor, _code: str) -> RenderedReceipt:
        # A refusal whose words quote what the citizen gave, as core's validations do.
        raise ValidationError(
            N_("Họ tên {name} (số {id_number}) không in được trên biên nhận."),
            field="applicant_name",
            name=NAME,
            id_number=ID_NUMBER,
        )

    monkeypatch.setattr(receipt_jobs, "render_receipt_of", refuse)
    with caplog.at_level(logging.DEBUG):
        counter.receipts.print(counter.intake, code, lambda _text: None)
        qtbot.waitUntil(lambda: running_operations() == 0)

    (record,) = failures(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and "Traceback" not in caplog.text
    assert record.getMessage() == (
        f"receipt of {code} not printed (reprint: False): ValidationError"
    )
    assert NAME not in caplog.text and ID_NUMBER not in caplog.text
    (box,) = open_message_boxes(counter.intake)  # the officer still reads why, in full
    assert NAME in box.text()
    box.close()


def test_an_unexpected_failure_keeps_its_traceback(
    qtbot: QtBot,
    counter: MainWindow,
    workspace: Workspace,
    actor: Actor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    code = take_in(workspace, actor, intake_request(BIRTH, NAME)).code
    # A paper size the renderer does not know: a bug (a settings file from elsewhere).
    workspace.settings = workspace.settings.model_copy(update={"paper_size": "Letter"})
    with caplog.at_level(logging.DEBUG):
        counter.receipts.print(counter.intake, code, lambda _text: None)
        qtbot.waitUntil(lambda: running_operations() == 0)

    (record,) = failures(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is ValueError
    assert NAME not in caplog.text
    for box in open_message_boxes(counter.intake):
        box.close()
