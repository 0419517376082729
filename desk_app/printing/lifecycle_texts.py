"""The wording of the lifecycle forms (Mẫu 02-07), read from one data file per rule set.

Reference §2: the 2025 titles are certain but most of the 2025 bodies were not found, so each
form's sentences live in ``resources/forms/<rule set>.json`` and not in code: an official text
is dropped in by editing that file (see its README), and the next print uses it. The file's
``common`` section holds the lines several forms share; a form's own entry wins over it.
Templates are plain text with ``{named}`` fields, filled by the renderer.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from desk_app.core.errors import N_, DeskError
from desk_app.core.rules import RuleSet
from desk_app.core.text import clean
from desk_app.paths import resources_dir
from desk_app.printing.form_texts import FormTexts

FORMAT_NAME = "desk-app-form-texts"
FORMAT_VERSION = 1


class FormTemplateBroken(DeskError):
    """A form wording file that cannot be used: the forms it words cannot be printed."""

    msgid = N_(
        "Tệp lời văn biểu mẫu {path} không dùng được ({problem}); hãy nhờ quản trị viên "
        "sửa lại hoặc cài lại tệp gốc."
    )


@dataclass(frozen=True, kw_only=True)
class DossierFormTexts(FormTexts):
    """Lines every form about one dossier prints (the frame's wording comes from FormTexts)."""

    code_line: str


@dataclass(frozen=True, kw_only=True)
class SupplementTexts(DossierFormTexts):
    """Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    unit_line: str
    applicant_line: str
    address_line: str
    phone_line: str
    email_line: str
    request_line: str
    instruction: str
    columns: tuple[str, ...]  # TT | component | original | certified copy | photocopy
    reason_line: str
    guide_line: str
    more_guide_line: str
    repeat_line: str
    signature: str


@dataclass(frozen=True, kw_only=True)
class RefusalTexts(DossierFormTexts):
    """Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    unit_line: str
    applicant_line: str
    address_line: str
    phone_line: str
    email_line: str
    request_line: str
    decision_line: str
    closing: str
    signature: str


@dataclass(frozen=True, kw_only=True)
class ApologyTexts(DossierFormTexts):
    """Mẫu 04: 2018 Phiếu xin lỗi và hẹn lại ngày trả kết quả; 2025 Văn bản xin lỗi và đề
    nghị gia hạn thời gian giải quyết."""

    number_line: str
    addressee_line: str
    received_line: str
    original_due_line: str
    promised_line: str
    not_ready_line: str
    reason_line: str
    apology_line: str
    sympathy_line: str
    extension_line: str
    exceptional_mark: str
    signature: str


@dataclass(frozen=True, kw_only=True)
class StopTexts(DossierFormTexts):
    """2025 Mẫu 05 Thông báo dừng giải quyết hồ sơ (no layout found: reference §11)."""

    addressee_line: str
    request_line: str
    received_line: str
    decision_line: str
    reason_line: str
    stage_line: str
    papers_line: str
    fees_line: str
    closing: str
    signature: str


@dataclass(frozen=True, kw_only=True)
class ControlSlipTexts(DossierFormTexts):
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: 2018 Mẫu 05, 2025 Mẫu 06."""

    attached_line: str
    received_line: str
    due_line: str
    handling_line: str
    coordinating_line: str
    columns: tuple[str, ...]  # unit | hand-over time | step result | note
    give_line: str
    take_line: str
    time_format: str  # named fields hour, minute, day, month, year
    giver: str
    receiver: str
    result_ahead: str
    result_on_time: str
    result_late: str
    step_due_line: str
    no_hand_overs: str


@dataclass(frozen=True, kw_only=True)
class RegisterTexts(FormTexts):
    """Sổ theo dõi hồ sơ: 2018 Mẫu 06, 2025 Mẫu 07."""

    period_line: str
    book_line: str
    columns: tuple[str, ...]  # the 14 columns, the five dates among them
    dates_group: str  # the heading over the five date columns
    date_format: str
    by_post: str
    by_proxy: str
    original_due: str
    no_rows: str


@dataclass(frozen=True)
class FormSet:
    """Every lifecycle form's wording in one rule set; ``stop`` is None where the set has no
    such form (the 2018 set has six forms, none for stopping)."""

    rule_set: RuleSet
    supplement: SupplementTexts
    refusal: RefusalTexts
    apology: ApologyTexts
    stop: StopTexts | None
    control_slip: ControlSlipTexts
    register: RegisterTexts


def forms_folder() -> Path:
    return resources_dir() / "forms"


def form_set(rule_set: RuleSet, folder: Path | None = None) -> FormSet:
    """The wording of ``rule_set``'s forms, from ``folder`` (the bundled one by default)."""
    return _load((folder or forms_folder()) / f"{rule_set.value}.json", rule_set)


T = TypeVar("T", bound=FormTexts)


@cache
def _load(path: Path, rule_set: RuleSet) -> FormSet:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise FormTemplateBroken(path=str(path), problem=type(error).__name__) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise FormTemplateBroken(path=str(path), problem="format")
    if document.get("version") != FORMAT_VERSION or document.get("rule_set") != rule_set.value:
        raise FormTemplateBroken(path=str(path), problem="version, rule_set")
    common = document.get("common", {})
    forms = document.get("forms", {})
    if not isinstance(common, dict) or not isinstance(forms, dict):
        raise FormTemplateBroken(path=str(path), problem="common, forms")

    def texts(kind: type[T], name: str) -> T:
        entry = forms.get(name)
        if not isinstance(entry, dict):
            raise FormTemplateBroken(path=str(path), problem=name)
        known = {field.name: field for field in dataclasses.fields(kind)}
        unknown = set(entry) - set(known)
        if unknown:
            raise FormTemplateBroken(
                path=str(path), problem=f"{name}: {', '.join(sorted(unknown))}"
            )
        values: dict[str, Any] = {key: common[key] for key in common if key in known}
        values.update(entry)
        try:
            cleaned: dict[str, Any] = {key: _text(value) for key, value in values.items()}
            return kind(**cleaned)
        except TypeError as error:  # a required sentence is missing
            raise FormTemplateBroken(path=str(path), problem=f"{name}: {error}") from error

    return FormSet(
        rule_set=rule_set,
        supplement=texts(SupplementTexts, "supplement"),
        refusal=texts(RefusalTexts, "refusal"),
        apology=texts(ApologyTexts, "apology"),
        stop=texts(StopTexts, "stop") if "stop" in forms else None,
        control_slip=texts(ControlSlipTexts, "control_slip"),
        register=texts(RegisterTexts, "register"),
    )


def _text(value: object) -> str | tuple[str, ...]:
    """A sentence, or a list of them (table columns), NFC-normalised: ReportLab does no
    shaping, so a decomposed mark typed into the file would print beside its letter."""
    if isinstance(value, list):
        return tuple(clean(str(item)) for item in value)
    return clean(str(value))
