"""Fees and charges ("phí, lệ phí") as the receipt prints them: an amount, an exemption, or the
rate when the amount depends on what the citizen brings.

A procedure's fee is a rule (reference §7): a fixed amount (0 = exempt), an amount per copy
(copies of civil-status extracts), a per-page scale with a cap per copy (certified copies,
Thông tư 226/2016/TT-BTC: 2.000 đ/page, from the third page 1.000 đ/page, at most 200.000 đ per
copy), or an amount the province's People's Council sets, which the officer enters. Where the
officer can know the pages or copies, the intake asks and the receipt prints the amount due.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from desk_app.core.errors import N_, ValidationError

MAX_FEE_VND = 100_000_000  # below every fee of a ward's procedures; more is a typing error
MAX_PAGES = 1_000
MAX_COPIES = 99

Translate = Callable[[str], str]


def _same(msgid: str) -> str:
    return msgid


class FeeBasis(StrEnum):
    """How a fee is worked out. The values are stored in catalogue files: never change them."""

    FIXED = "fixed"  # one amount per dossier; 0 = exempt
    PER_COPY = "per_copy"  # an amount per copy issued
    PER_PAGE = "per_page"  # an amount per page, a lower one from a given page, a cap per copy
    PROVINCE = "province"  # set by the province; the officer enters the amount


def vnd(amount: int) -> str:
    """ "50.000 đồng": Vietnamese thousands dots."""
    return f"{amount:,} đồng".replace(",", ".")


# As an officer writes an amount: 50000, 50.000, 50 000 (one kind of separator, groups of 3).
_AMOUNT = re.compile(r"[0-9]{1,3}(?:([.,\u00a0 ])[0-9]{3})?(?:\1[0-9]{3})*|[0-9]+")


def parse_amount(text: str) -> int | None:
    """An amount in đồng as typed; None when blank (not known). A ValidationError names the
    field "fee_vnd" for anything else: "50.00" or "1,5" is a typing error, never 5000 or 15."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not _AMOUNT.fullmatch(cleaned):
        raise ValidationError(
            N_("“{value}” không phải là một số tiền (đồng), ví dụ 50000 hoặc 50.000."),
            field="fee_vnd",
            value=cleaned,
        )
    amount = int(re.sub(r"[^0-9]", "", cleaned))
    _check_amount(amount, "fee_vnd")
    return amount


def _check_amount(value: int | None, field: str) -> None:
    if value is not None and not 0 <= value < MAX_FEE_VND:
        raise ValidationError(
            N_("Mức phí {value} không hợp lệ: phải từ 0 đến dưới 100.000.000 đồng."),
            field=field,
            value=value,
        )


def check_pages(pages: int) -> int:
    if not 1 <= pages <= MAX_PAGES:
        raise ValidationError(
            N_("Số trang phải từ 1 đến 1.000 (đã nhập {value})."), field="pages", value=pages
        )
    return pages


def check_copies(copies: int) -> int:
    if not 1 <= copies <= MAX_COPIES:
        raise ValidationError(
            N_("Số bản phải từ 1 đến 99 (đã nhập {value})."), field="copies", value=copies
        )
    return copies


@dataclass(frozen=True)
class FeeRule:
    """A procedure's fee rule; amounts in đồng.

    ``amount_vnd`` is the fixed amount, the amount per copy, or the per-page amount; for a
    province-set fee it is None. A per-page rule charges ``later_amount_vnd`` per page from
    page ``later_from_page`` on (0: no lower rate) and at most ``cap_vnd`` per copy.
    """

    basis: FeeBasis
    amount_vnd: int | None = None
    later_from_page: int = 0
    later_amount_vnd: int = 0
    cap_vnd: int | None = None

    def __post_init__(self) -> None:
        for name in ("amount_vnd", "later_amount_vnd", "cap_vnd"):
            _check_amount(getattr(self, name), name)
        needs_amount = self.basis is not FeeBasis.PROVINCE
        if needs_amount and self.amount_vnd is None:
            raise ValidationError(
                N_("Cách tính phí {basis} cần ghi mức phí."), field="fee", basis=self.basis.value
            )
        if not needs_amount and self.amount_vnd is not None:
            raise ValidationError(
                N_("Phí do Hội đồng nhân dân tỉnh quy định thì không ghi mức phí cố định."),
                field="fee",
            )
        if self.basis is not FeeBasis.PER_PAGE and (
            self.later_from_page or self.later_amount_vnd or self.cap_vnd is not None
        ):
            raise ValidationError(
                N_("Chỉ cách tính phí theo trang mới có mức từ trang thứ … và mức tối đa."),
                field="fee",
            )
        if self.later_from_page < 0 or self.later_from_page == 1:
            raise ValidationError(
                N_("Trang bắt đầu tính mức thấp hơn phải từ trang thứ 2 trở đi."), field="fee"
            )

    @property
    def needs_pages(self) -> bool:
        return self.basis is FeeBasis.PER_PAGE

    @property
    def needs_copies(self) -> bool:
        return self.basis in (FeeBasis.PER_PAGE, FeeBasis.PER_COPY)

    @property
    def exempt(self) -> bool:
        return self.basis is FeeBasis.FIXED and self.amount_vnd == 0

    def due(
        self, *, pages: int | None = None, copies: int | None = None, entered: int | None = None
    ) -> int | None:
        """The amount due, or None while what it depends on is not known yet.

        ``entered`` is the amount the officer typed for a province-set fee (0 = exempt). A count
        given is checked even while the other is missing, so a typing error shows at once.
        """
        if pages is not None:
            check_pages(pages)
        if copies is not None:
            check_copies(copies)
        match self.basis:
            case FeeBasis.FIXED:
                assert self.amount_vnd is not None
                return self.amount_vnd
            case FeeBasis.PROVINCE:
                _check_amount(entered, "fee_vnd")
                return entered
            case FeeBasis.PER_COPY:
                assert self.amount_vnd is not None
                return None if copies is None else self.amount_vnd * copies
            case FeeBasis.PER_PAGE:
                if pages is None or copies is None:
                    return None
                return self._per_copy(pages) * copies

    def _per_copy(self, pages: int) -> int:
        assert self.amount_vnd is not None
        if self.later_from_page:
            full = min(pages, self.later_from_page - 1)
            amount = full * self.amount_vnd + (pages - full) * self.later_amount_vnd
        else:
            amount = pages * self.amount_vnd
        return amount if self.cap_vnd is None else min(amount, self.cap_vnd)

    def rate_text(self, translate: Translate = _same) -> str:
        """The rule in words, for a fee not known yet: "2.000 đồng/trang; từ trang thứ 3:
        1.000 đồng/trang; tối đa 200.000 đồng/bản"."""
        match self.basis:
            case FeeBasis.FIXED:
                assert self.amount_vnd is not None
                return fee_text(self.amount_vnd, translate)
            case FeeBasis.PROVINCE:
                return translate(N_("Theo mức Hội đồng nhân dân tỉnh quy định"))
            case FeeBasis.PER_COPY:
                assert self.amount_vnd is not None
                return translate(N_("{amount}/bản")).format(amount=vnd(self.amount_vnd))
            case FeeBasis.PER_PAGE:
                assert self.amount_vnd is not None
                parts = [translate(N_("{amount}/trang")).format(amount=vnd(self.amount_vnd))]
                if self.later_from_page:
                    parts.append(
                        translate(N_("từ trang thứ {page}: {amount}/trang")).format(
                            page=self.later_from_page, amount=vnd(self.later_amount_vnd)
                        )
                    )
                if self.cap_vnd is not None:
                    parts.append(
                        translate(N_("tối đa {amount}/bản")).format(amount=vnd(self.cap_vnd))
                    )
                return "; ".join(parts)


def fee_text(due: int | None, translate: Translate = _same, rule: FeeRule | None = None) -> str:
    """The receipt's fee line: the amount due, "Miễn lệ phí", or "Theo quy định" with the
    rate while the amount is not known. Never a note or a source."""
    if due == 0:
        return translate(N_("Miễn lệ phí"))
    if due is not None:
        return vnd(due)
    if rule is None or rule.basis is FeeBasis.PROVINCE:
        return translate(N_("Theo quy định"))
    return translate(N_("Theo quy định ({rate})")).format(rate=rule.rate_text(translate))
