"""Texts more than one screen shows, worded once so the intake screen and today's list agree."""

from __future__ import annotations

from datetime import datetime

from desk_app.core.calendar import office_time_text
from desk_app.gui.qt import QCoreApplication


def office_moment_text(moment: datetime) -> str:
    """``17:00 ngày 15/07/2025``: a due date as the receipt and the screens say it."""
    time_text, date_text = office_time_text(moment)
    return QCoreApplication.translate("Texts", "{time} ngày {date}").format(
        time=time_text, date=date_text
    )
