"""A lifecycle form printed or saved is counted once it exists, and the dossier's history
lists it, the first print apart from reprints, per document."""

from __future__ import annotations

from desk_app.services.context import Actor, Workspace
from desk_app.services.forms import count_form_print, render_control_slip_of, render_form_of
from desk_app.services.history import dossier_view
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import transfer
from tests.factories import intake_request


def test_each_form_print_is_in_the_history_with_its_number(
    workspace: Workspace, actor: Actor
) -> None:
    code = take_in(workspace, actor, intake_request("1.004873", "Nguyễn Văn An")).code
    transfer(workspace, actor, code, unit="Công chức Tư pháp - Hộ tịch")
    slip = render_control_slip_of(workspace, actor, code)
    before = dossier_view(workspace, actor, code)
    assert not [line for line in before.audit if line.kind == "form.printed"]  # rendering alone

    assert count_form_print(workspace, actor, slip) == 1
    assert count_form_print(workspace, actor, slip) == 2  # a reprint of the same slip
    step = render_form_of(workspace, actor, code, 2)  # the transfer's own page
    assert step.seq == 2 and count_form_print(workspace, actor, step) == 1  # its own count

    printed = [
        line.print_number
        for line in dossier_view(workspace, actor, code).audit
        if line.kind == "form.printed"
    ]
    assert printed[:2] == [1, 2] and len(printed) == 3
