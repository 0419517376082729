"""The lifecycle forms (Mẫu 02-06) read back as a citizen or a scanner reads them, in both rule
sets; their wording replaced by editing the data file alone; and printed from stored acts."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desk_app.core.dossier import Applicant
from desk_app.core.lifecycle import Action, DossierState
from desk_app.core.office import OfficeIdentity
from desk_app.core.rules import RuleSet
from desk_app.core.timeliness import Timeliness, timeliness
from desk_app.printing.document_qr import DocumentQr
from desk_app.printing.lifecycle_forms import (
    ApologyData,
    ControlSlipData,
    DossierFacts,
    HandOver,
    NoSuchForm,
    RefusalData,
    StopNoticeData,
    SupplementItem,
    SupplementRequestData,
    render_apology,
    render_control_slip,
    render_refusal,
    render_stop_notice,
    render_supplement_request,
)
from desk_app.printing.lifecycle_texts import FormTemplateBroken, form_set, forms_folder
from desk_app.services.context import Actor, Workspace
from desk_app.services.forms import (
    NoFormForAct,
    NoSuchAct,
    render_control_slip_of,
    render_form_of,
)
from desk_app.services.intake import take_in
from desk_app.store.models import Dossier, DossierTransition
from tests.factories import SettableClock, intake_request
from tests.printing.test_receipt import page_texts, scan

VN = timezone(timedelta(hours=7))
CODE = "000.00.19.H56-250715-0001"
NAME = "Nguyễn Thị Thu Hường"
WARD_2018 = OfficeIdentity(
    date(2020, 1, 1),
    "000.00.19.H26",
    "UBND phường Thanh Xuân Trung",
    "Bộ phận tiếp nhận và trả kết quả",
    "Hà Nội",
)
CENTRE_2025 = OfficeIdentity(
    date(2025, 7, 1),
    "000.00.19.H56",
    "UBND phường Thanh Xuân",
    "Trung tâm Phục vụ hành chính công phường Thanh Xuân",
    "Hà Nội",
)
ACT_AT = datetime(2025, 7, 16, 10, 30, tzinfo=VN)
LEGAL = {
    RuleSet.R2018: "Thông tư số 01/2018/TT-VPCP",
    RuleSet.R2025: "Thông tư số 03/2025/TT-VPCP",
}


def facts(rule_set: RuleSet) -> DossierFacts:
    return DossierFacts(
        rule_set=rule_set,
        code=CODE,
        office=WARD_2018 if rule_set is RuleSet.R2018 else CENTRE_2025,
        applicant=Applicant(
            NAME,
            id_number="001190012345",
            phone="0912 345 678",
            email="huong@example.vn",
            address="Số 12, ngõ 34 phố Nguyễn Trãi, phường Thanh Xuân, thành phố Hà Nội",
        ),
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        received_at=datetime(2025, 7, 15, 9, 5, tzinfo=VN),
        due_at=datetime(2025, 7, 18, 16, 0, tzinfo=VN),
        system_name="Hệ thống thông tin giải quyết thủ tục hành chính thành phố Hà Nội",
    )


def supplement(rule_set: RuleSet, **changes: Any) -> SupplementRequestData:
    values: dict[str, Any] = {
        "dossier": facts(rule_set),
        "issued_at": ACT_AT,
        "officer_name": "Trần Văn Bình",
        "items": (
            SupplementItem("Tờ khai đăng ký khai sinh", original=1, note="Ký đủ họ tên"),
            SupplementItem("Giấy chứng sinh", certified_copy=1),
        ),
        "reason": "Tờ khai thiếu chữ ký của người đi khai",
        "website": "https://dichvucong.hanoi.gov.vn",
    }
    return SupplementRequestData(**(values | changes))


def apology(rule_set: RuleSet, **changes: Any) -> ApologyData:
    data = facts(rule_set)
    values: dict[str, Any] = {
        "dossier": data,
        "issued_at": ACT_AT,
        "reason": "Cần xác minh nơi cư trú với Công an phường",
        "original_due_at": data.due_at,
        "previous_due_at": data.due_at,
        "new_due_at": datetime(2025, 7, 23, 16, 0, tzinfo=VN),
        "delaying_unit": "Công chức tư pháp - hộ tịch",
        "approved_by": "Lê Thị Mai",
        "approver_title": "Trưởng bộ phận",
    }
    return ApologyData(**(values | changes))


def slip(rule_set: RuleSet) -> ControlSlipData:
    data = facts(rule_set)
    desk = data.office.reception_unit
    return ControlSlipData(
        data,
        ("Công chức tư pháp - hộ tịch",),
        ("Công an phường",),
        (
            HandOver(
                desk,
                "Công chức tư pháp - hộ tịch",
                datetime(2025, 7, 15, 10, 0, tzinfo=VN),
                "Trần Văn Bình",
                "Phạm Văn Cường",
            ),
            HandOver(
                "Công chức tư pháp - hộ tịch",
                desk,
                datetime(2025, 7, 18, 16, 30, tzinfo=VN),
                "Phạm Văn Cường",
                "Trần Văn Bình",
                Timeliness.LATE,
                data.due_at,
                "Có kết quả",
            ),
        ),
    )


def text_of(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def qr_of(pdf: bytes, tmp_path: Path) -> DocumentQr:
    """The QR in the top-left corner, read by zbarimg at 200 dpi from that corner alone."""
    symbols = scan(pdf, tmp_path, crop=(0.3, 0.2))
    assert len(symbols.get("QR-Code", [])) == 1, symbols
    return DocumentQr.parse(symbols["QR-Code"][0])


def barcode_of(pdf: bytes, tmp_path: Path) -> list[str]:
    return scan(pdf, tmp_path, crop=(1.0, 0.35)).get("CODE-128", [])


@pytest.mark.parametrize("rule_set", list(RuleSet))
def test_the_supplement_request_lists_what_to_bring_and_why(
    rule_set: RuleSet, tmp_path: Path
) -> None:
    pdf = render_supplement_request(supplement(rule_set))
    text = text_of(pdf)
    for expected in [
        "Mẫu số 02",
        LEGAL[rule_set],
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {CODE}",
        f"Tiếp nhận hồ sơ của Ông/Bà: {NAME}",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Số điện thoại: 0912 345 678 Email: huong@example.vn",
        "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:",
        "TT Thành phần hồ sơ Bản chính Bản chứng thực Bản photo",
        "1 Tờ khai đăng ký khai sinh Ký đủ họ tên 01 - -",
        "2 Giấy chứng sinh - 01 -",
        "Lý do: Tờ khai thiếu chữ ký của người đi khai",
        "Website: https://dichvucong.hanoi.gov.vn hoặc liên hệ với công chức Trần Văn Bình",
        "NGƯỜI HƯỚNG DẪN",
        "Hà Nội, ngày 16 tháng 7 năm 2025",
    ]:
        assert expected in text, expected
    assert "lần thứ" not in text  # a first request says nothing about repeats
    qr = qr_of(pdf, tmp_path)
    assert (qr.dossier_code, qr.procedure_code, qr.id_number) == (CODE, "1.001193", "001190012345")
    assert qr.document_name == "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    assert qr.issued_at == ACT_AT
    assert barcode_of(pdf, tmp_path) == [CODE]


def test_a_second_supplement_request_says_who_allowed_it_and_why() -> None:
    data = supplement(
        RuleSet.R2025,
        request_number=2,
        repeat_reason="Giấy chứng sinh bị tẩy xóa",
        approved_by="Lê Thị Mai",
        guide="Gọi chị Lan, 024 3858 1234",
    )
    text = text_of(render_supplement_request(data))
    assert (
        "Yêu cầu bổ sung lần thứ 02, được Lê Thị Mai đồng ý vì: Giấy chứng sinh bị tẩy xóa" in text
    )
    assert "Hướng dẫn thêm: Gọi chị Lan, 024 3858 1234" in text


@pytest.mark.parametrize("rule_set", list(RuleSet))
def test_the_refusal_gives_the_reason_and_is_signed_by_the_receiving_officer(
    rule_set: RuleSet, tmp_path: Path
) -> None:
    data = RefusalData(
        facts(rule_set), ACT_AT, "Trần Văn Bình", "Không thuộc thẩm quyền của phường"
    )
    pdf = render_refusal(data)
    text = text_of(pdf)
    unit = facts(rule_set).office.reception_unit
    for expected in [
        "Mẫu số 03",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        f"Tiếp nhận hồ sơ của: {NAME}",
        f"Qua xem xét, {unit} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể",
        "Không thuộc thẩm quyền của phường",
        "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Bình",
    ]:
        assert expected in text, expected
    assert qr_of(pdf, tmp_path).document_name == "Phiếu từ chối tiếp nhận giải quyết hồ sơ"


@pytest.mark.parametrize(
    ("rule_set", "title", "document_name"),
    [
        (
            RuleSet.R2018,
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        ),
        (
            RuleSet.R2025,
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        ),
    ],
)
def test_the_apology_gives_the_old_and_new_dates_and_the_reason(
    rule_set: RuleSet, title: str, document_name: str, tmp_path: Path
) -> None:
    pdf = render_apology(apology(rule_set))
    text = text_of(pdf)
    for expected in [
        "Mẫu số 04",
        LEGAL[rule_set],
        title,
        f"Kính gửi: {NAME}",
        f"Đăng ký khai sinh của Ông/Bà, mã hồ sơ {CODE}",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả là 16 giờ 00 phút, ngày 18 tháng 07 năm 2025",
        "Lý do: Cần xác minh nơi cư trú với Công an phường",
        "16 giờ 00 phút, ngày 23 tháng 07 năm 2025",
        "Rất mong nhận được sự thông cảm của Ông/Bà",
        "TRƯỞNG BỘ PHẬN",
        "Lê Thị Mai",
    ]:
        assert expected in text, expected
    assert "TRƯỜNG HỢP ĐẶC BIỆT" not in text
    qr = qr_of(pdf, tmp_path)
    assert qr.document_name == document_name
    assert qr.appointment_at == datetime(2025, 7, 23, 16, 0, tzinfo=VN)  # the new date


def test_a_second_extension_is_marked_exceptional_and_keeps_the_original_deadline() -> None:
    data = facts(RuleSet.R2025)
    second = apology(
        RuleSet.R2025,
        previous_due_at=datetime(2025, 7, 23, 16, 0, tzinfo=VN),
        new_due_at=datetime(2025, 7, 28, 16, 0, tzinfo=VN),
        extension_number=2,
        exceptional=True,
    )
    text = text_of(render_apology(second))
    assert "GIA HẠN LẦN THỨ 02 - TRƯỜNG HỢP ĐẶC BIỆT" in text
    assert "Thời hạn giải quyết theo quy định: 16 giờ 00 phút, ngày 18 tháng 07 năm 2025" in text
    assert "là 16 giờ 00 phút, ngày 23 tháng 07 năm 2025" in text
    assert "16 giờ 00 phút, ngày 28 tháng 07 năm 2025" in text
    assert data.due_at.day == 18


def test_the_2025_stop_notice_says_how_far_it_got_and_what_was_settled(tmp_path: Path) -> None:
    data = StopNoticeData(
        facts(RuleSet.R2025),
        ACT_AT,
        "Trần Văn Bình",
        "Người nộp xin rút hồ sơ",
        "Đang xác minh tại Công an phường",
        "Tờ khai, giấy chứng sinh (bản chính)",
        "Không phải nộp lệ phí",
    )
    pdf = render_stop_notice(data)
    text = text_of(pdf)
    for expected in [
        "Mẫu số 05",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Theo đề nghị của Ông/Bà ngày 16/07/2025",
        "Lý do: Người nộp xin rút hồ sơ",
        "Hồ sơ đã được giải quyết đến: Đang xác minh tại Công an phường",
        "Giấy tờ đã trả lại cho Ông/Bà: Tờ khai, giấy chứng sinh (bản chính)",
        "Phí, lệ phí: Không phải nộp lệ phí",
    ]:
        assert expected in text, expected
    assert qr_of(pdf, tmp_path).document_name == "Thông báo dừng giải quyết hồ sơ"
    with pytest.raises(NoSuchForm):  # the 2018 set has six forms, none for stopping
        render_stop_notice(StopNoticeData(facts(RuleSet.R2018), ACT_AT, "", "", "", "", ""))


@pytest.mark.parametrize(("rule_set", "number"), [(RuleSet.R2018, "05"), (RuleSet.R2025, "06")])
def test_the_control_slip_has_a_row_per_hand_over_with_times_and_results(
    rule_set: RuleSet, number: str, tmp_path: Path
) -> None:
    pdf = render_control_slip(slip(rule_set))
    text = text_of(pdf)
    desk = facts(rule_set).office.reception_unit
    for expected in [
        f"Mẫu số {number}",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"(Kèm theo hồ sơ của: {NAME})",
        "Ngày nhận: 09 giờ 05 phút, ngày 15 tháng 07 năm 2025",
        "Ngày, giờ hẹn trả kết quả: 16 giờ 00 phút, ngày 18 tháng 07 năm 2025",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Công chức tư pháp - hộ tịch",
        "Cơ quan phối hợp giải quyết hồ sơ: Công an phường",
        "TÊN CƠ QUAN",
        "10 giờ 00 phút, ngày 15/07/2025",
        "16 giờ 30 phút, ngày 18/07/2025",
        "Người giao",
        "Người nhận",
        "Quá hạn",
        "Có kết quả",
    ]:
        assert expected in text, expected
    assert text.count("Giao:") == 2 and text.count("Nhận:") == 2
    assert f"1. Giao: {desk}".split()[0:3] == text[text.index("1. Giao:") :].split()[0:3]
    assert qr_of(pdf, tmp_path).document_name == "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    assert barcode_of(pdf, tmp_path) == [CODE]


def test_a_step_is_ahead_on_time_or_late_by_its_deadline() -> None:
    due = datetime(2025, 7, 18, 16, 0, tzinfo=VN)
    assert timeliness(due - timedelta(days=1), due) is Timeliness.AHEAD
    assert timeliness(due - timedelta(hours=6), due) is Timeliness.ON_TIME
    assert timeliness(due, due) is Timeliness.ON_TIME
    assert timeliness(due + timedelta(minutes=1), due) is Timeliness.LATE


def test_an_official_sentence_dropped_into_the_data_file_prints_with_no_code_change(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(forms_folder(), folder)
    path = folder / "2025.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    official = "Văn bản chính thức: Ông/Bà vui lòng bổ sung các giấy tờ sau đây:"
    document["forms"]["supplement"]["instruction"] = official
    document["forms"]["apology"]["title"] = "VĂN BẢN XIN LỖI (MẪU CHÍNH THỨC)"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    texts = form_set(RuleSet.R2025, folder)
    replaced = text_of(render_supplement_request(supplement(RuleSet.R2025), texts=texts))
    bundled = text_of(render_supplement_request(supplement(RuleSet.R2025)))
    assert official in replaced and official not in bundled
    assert "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:" in bundled
    assert "VĂN BẢN XIN LỖI (MẪU CHÍNH THỨC)" in text_of(
        render_apology(apology(RuleSet.R2025), texts=texts)
    )


def test_a_data_file_missing_a_sentence_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(forms_folder(), folder)
    path = folder / "2018.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["forms"]["refusal"]["closing"]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormTemplateBroken) as caught:
        form_set(RuleSet.R2018, folder)
    assert "closing" in str(caught.value.params)


def test_both_bundled_files_load_and_every_sentence_is_composed_unicode() -> None:
    import dataclasses
    import unicodedata

    for rule_set in RuleSet:
        texts = form_set(rule_set)
        for form in (
            texts.supplement,
            texts.refusal,
            texts.apology,
            texts.control_slip,
            texts.register,
            texts.stop,
        ):
            if form is None:
                continue
            for value in dataclasses.asdict(form).values():
                for sentence in [value] if isinstance(value, str) else value:
                    assert unicodedata.normalize("NFC", sentence) == sentence
    assert form_set(RuleSet.R2018).stop is None and form_set(RuleSet.R2025).stop is not None


# -- printed from stored acts (services.forms) ------------------------------------------------


def add_act(
    workspace: Workspace,
    code: str,
    action: Action,
    to_state: DossierState,
    at: datetime,
    *,
    details: dict[str, Any] | None = None,
    **columns: Any,
) -> int:
    """A transition row as the lifecycle services write it (contract: details per action)."""
    with workspace.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        last = max(t.seq for t in dossier.transitions)
        session.add(
            DossierTransition(
                dossier_id=dossier.id,
                seq=last + 1,
                action=action,
                from_state=dossier.state,
                to_state=to_state,
                at=at,
                officer_name="Phạm Thị Hồng",
                details=json.dumps(details or {}, ensure_ascii=False),
                **columns,
            )
        )
        dossier.state = to_state
        if columns.get("new_due_at"):
            dossier.due_at = columns["new_due_at"]
        return last + 1


def test_each_stored_act_prints_its_own_form(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    record = take_in(workspace, actor, intake_request("1.001193", NAME, id_number="001190012345"))
    code, received = record.code, record.received_at
    transfer = add_act(
        workspace,
        code,
        Action.TRANSFER,
        DossierState.IN_PROGRESS,
        received + timedelta(hours=1),
        handling_unit="Công chức tư pháp - hộ tịch",
        details={
            "to_officer": "Phạm Văn Cường",
            "step_due_at": (received + timedelta(hours=3)).isoformat(),
            "note": "Kèm bản chính",
        },
    )
    asked = add_act(
        workspace,
        code,
        Action.REQUEST_SUPPLEMENT,
        DossierState.SUPPLEMENT_REQUESTED,
        received + timedelta(hours=2),
        reason="Thiếu giấy chứng sinh",
        details={
            "items": [
                {
                    "name": "Giấy chứng sinh",
                    "original": 1,
                    "certified_copy": 0,
                    "copy": 0,
                    "note": "",
                }
            ],
            "guide": "Gọi số 024 3858 1234",
        },
    )
    add_act(workspace, code, Action.RESUME, DossierState.RECEIVED, received + timedelta(hours=4))
    new_due = record.due_at + timedelta(days=2)
    sorry = add_act(
        workspace,
        code,
        Action.APOLOGISE,
        DossierState.RECEIVED,
        received + timedelta(hours=5),
        reason="Chờ xác minh",
        new_due_at=new_due,
        approved_by="Lê Thị Mai",
        details={
            "approver_title": "Trưởng bộ phận",
            "extension_number": 1,
            "exceptional": False,
            "previous_due_at": record.due_at.isoformat(),
        },
    )
    result = add_act(
        workspace,
        code,
        Action.RECORD_RESULT,
        DossierState.RESULT_READY,
        received + timedelta(hours=6),
        result_summary="Giấy khai sinh số 123",
    )

    receipt = render_form_of(workspace, actor, code, 1)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text_of(receipt.pdf)
    request = text_of(render_form_of(workspace, actor, code, asked).pdf)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in request
    assert "1 Giấy chứng sinh 01 - -" in request and "Thiếu giấy chứng sinh" in request
    assert "Hướng dẫn thêm: Gọi số 024 3858 1234" in request
    letter = render_form_of(workspace, actor, code, sorry)
    assert letter.action is Action.APOLOGISE
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text_of(letter.pdf)  # a 2025-07 dossier
    assert "Lê Thị Mai" in text_of(letter.pdf) and "Chờ xác minh" in text_of(letter.pdf)

    # The transfer's own print shows the slip as it stood; the full slip ends at the desk.
    early = text_of(render_form_of(workspace, actor, code, transfer).pdf)
    assert early.count("Giao:") == 1 and "Kèm bản chính" in early
    full = text_of(render_control_slip_of(workspace, actor, code).pdf)
    assert full.count("Giao:") == 2
    assert "Giấy khai sinh số 123" in full
    assert "Phạm Văn Cường" in full
    assert text_of(render_form_of(workspace, actor, code, result).pdf) == full

    with pytest.raises(NoFormForAct):
        render_form_of(workspace, actor, code, asked + 1)  # resuming prints nothing
    with pytest.raises(NoSuchAct):
        render_form_of(workspace, actor, code, 99)


def test_a_refusal_and_a_2018_stop_from_stored_acts(workspace: Workspace, actor: Actor) -> None:
    first = take_in(workspace, actor, intake_request("1.001193", NAME)).code
    refused = add_act(
        workspace,
        first,
        Action.REFUSE,
        DossierState.REFUSED,
        datetime(2025, 7, 15, 10, 0, tzinfo=VN),
        reason="Không thuộc thẩm quyền",
    )
    assert "Không thuộc thẩm quyền" in text_of(render_form_of(workspace, actor, first, refused).pdf)
    second = take_in(workspace, actor, intake_request("1.001193", "Lê Văn Nam")).code
    stopped = add_act(
        workspace,
        second,
        Action.STOP,
        DossierState.STOPPED,
        datetime(2025, 7, 15, 10, 0, tzinfo=VN),
        details={"stage": "Mới tiếp nhận"},
    )
    with pytest.raises(NoFormForAct):  # received in July 2025: the 2018 set, no stop notice
        render_form_of(workspace, actor, second, stopped)
