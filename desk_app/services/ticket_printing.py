"""Printing a queue ticket with this workstation's settings, and the printer's self-test.

The ticket is issued (committed) before it is printed, and stays issued whatever the printer
does: `print_ticket` never raises for a printer problem. It returns a `PrintOutcome` whose
message says in plain words what went wrong and that the number stands ("read it out to the
citizen"), for the kiosk or the counter window to show beside the number; the log gets one
line naming the kind of printer and the problem, never the ticket, the office or an address.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PIL import Image

from desk_app.config import Settings
from desk_app.core.errors import N_, Message
from desk_app.i18n import translate
from desk_app.printing.escpos_output import (
    NeedsQt,
    NoTicketPrinter,
    PrinterProblem,
    SystemPrinter,
    Target,
    TargetKind,
    parse_target,
    printable_dots,
    raster_job,
    send,
    text_job,
)
from desk_app.printing.ticket import (
    DPI,
    TicketContent,
    TicketFacts,
    draw_ticket,
    layout_ticket,
    self_test_content,
    ticket_content,
)

log = logging.getLogger(__name__)

STILL_ISSUED = N_("{problem} Số {label} vẫn được cấp: hãy đọc số trên màn hình cho công dân.")


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one print: ``printed``, else the ``problem`` kind (a `PrinterProblem`'s
    kind, or "none" when no printer is set) and the ``message`` to show, in the settings'
    language. ``seconds`` is the time it took, sending included."""

    printed: bool
    target: str
    problem: str | None = None
    message: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """The same as ``printed``."""
        return self.printed


@dataclass(frozen=True)
class TicketJob:
    """A ticket ready for its printer: the image (for a system printer, a preview or a file)
    and the ESC/POS bytes."""

    image: Image.Image
    job: bytes


def ticket_job(settings: Settings, content: TicketContent) -> TicketJob:
    """The image and the ESC/POS bytes of ``content`` for this workstation's printer: the text
    mode where the settings ask for it and the profile has a Vietnamese code page, else the
    raster. PrinterProblem for an unknown profile."""
    profile = settings.ticket_printer_profile
    width = printable_dots(settings.ticket_paper_mm, profile)
    picture = layout_ticket(content, width=width)
    job = text_job(content, profile=profile, width=width) if settings.ticket_text_mode else None
    if job is None:
        job = raster_job(picture.image, profile=profile, bands=picture.bands)
    return TicketJob(picture.image, job)


def print_ticket(
    settings: Settings,
    ticket: TicketFacts,
    office_name: str,
    *,
    target: str | None = None,
    system_printer: SystemPrinter | None = None,
) -> PrintOutcome:
    """Print ``ticket`` (already issued) on the settings' ticket printer, or ``target``.

    Never raises for a printer problem, an unknown address or profile: the outcome says it.
    ``system_printer`` prints a ``system:NAME`` target (the window supplies one built on Qt).
    """
    language = settings.language
    content = ticket_content(
        ticket, office_name=office_name, message=settings.ticket_message, language=language
    )
    outcome = _print(settings, content, target, system_printer)
    if outcome.problem is None or outcome.problem == "none" or outcome.message is None:
        return outcome
    still = Message(STILL_ISSUED, {"problem": outcome.message, "label": ticket.label})
    return _replace_message(outcome, still.render(lambda m: translate(m, language)))


def print_self_test(
    settings: Settings,
    office_name: str,
    *,
    target: str | None = None,
    system_printer: SystemPrinter | None = None,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the self-test ticket (a sample number, the office, "Máy in hoạt động tốt", the
    width); the outcome's message is the printer's problem alone, since no ticket is at stake.
    Unlike a ticket, having no printer set is a problem here."""
    content = _self_test(settings, office_name, now)
    outcome = _print(settings, content, target, system_printer)
    if outcome.problem == "none":
        text = NoTicketPrinter().message.render(lambda m: translate(m, settings.language))
        return _replace_message(outcome, text)
    return outcome


def self_test_image(
    settings: Settings, office_name: str, *, now: datetime | None = None
) -> Image.Image:
    """The self-test ticket as the printer would print it (``printer test --out``)."""
    content = _self_test(settings, office_name, now)
    return draw_ticket(content, width=_dots(settings))


def _dots(settings: Settings) -> int:
    """The line width of the settings' paper and profile; an unknown profile is reported by
    the print itself, the paper's width stands in for it."""
    try:
        return printable_dots(settings.ticket_paper_mm, settings.ticket_printer_profile)
    except PrinterProblem:
        return printable_dots(settings.ticket_paper_mm)


def _self_test(settings: Settings, office_name: str, now: datetime | None) -> TicketContent:
    paper = settings.ticket_paper_mm
    dots = _dots(settings)
    return self_test_content(
        office_name=office_name,
        paper_mm=paper,
        dots=dots,
        now=now or datetime.now(UTC),
        language=settings.language,
    )


def _print(
    settings: Settings,
    content: TicketContent,
    target_text: str | None,
    system_printer: SystemPrinter | None,
) -> PrintOutcome:
    started = time.perf_counter()
    address = target_text if target_text is not None else settings.ticket_printer
    kind = "unparsed"
    try:
        target = parse_target(address)
        kind = target.kind.value
        if target.kind is TargetKind.NONE:
            return PrintOutcome(False, str(target), "none", None, time.perf_counter() - started)
        _send(settings, content, target, system_printer)
    except PrinterProblem as problem:
        log.warning("ticket not printed: %s printer, %s", kind, problem.kind)
        text = problem.message.render(lambda m: translate(m, settings.language))
        return PrintOutcome(False, address, problem.kind, text, time.perf_counter() - started)
    except Exception as error:  # a bug, not the printer: the ticket still stands
        log.error("ticket not printed: %s printer, unexpected %s", kind, type(error).__name__)
        generic = PrinterProblem(target=address)
        text = generic.message.render(lambda m: translate(m, settings.language))
        return PrintOutcome(False, address, generic.kind, text, time.perf_counter() - started)
    return PrintOutcome(True, str(target), seconds=time.perf_counter() - started)


def _send(
    settings: Settings,
    content: TicketContent,
    target: Target,
    system_printer: SystemPrinter | None,
) -> None:
    if target.kind is TargetKind.SYSTEM:
        if system_printer is None:
            raise NeedsQt(target=str(target))
        width = printable_dots(settings.ticket_paper_mm, "default")
        system_printer(target.device, draw_ticket(content, width=width), DPI)
        return
    send(target, ticket_job(settings, content).job)


def _replace_message(outcome: PrintOutcome, message: str) -> PrintOutcome:
    return replace(outcome, message=message)
