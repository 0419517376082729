"""What a newcomer reads first: ``desk-app --help`` and argparse's own sentences, in the
workstation's language (issue 7, item 8)."""

from __future__ import annotations

import argparse
import gettext
import inspect
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.cli import build_parser
from desk_app.cli._common import ARGPARSE_COUNTED, ARGPARSE_WORDS, amount_vnd, whole_number
from desk_app.i18n import translate, translate_plural
from tests.cli.conftest import cli, use_language, vietnamese_letters


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Help on one line per option: no wrapping inside the phrases looked for."""
    monkeypatch.setenv("COLUMNS", "250")


def test_the_top_help_says_what_no_command_does_and_names_the_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = cli(capsys, "--help")
    assert shown.code == 0
    assert "Gõ desk-app không kèm lệnh nào để mở cửa sổ quầy" in shown.out
    for line in ("\n  DESK_APP_HOME: thư mục dữ liệu", "\n  DESK_APP_LANGUAGE: ngôn ngữ, vi"):
        assert line in shown.out
    use_language("en")
    english = cli(capsys, "--help").out
    assert "Type desk-app with no command to open the counter window" in english
    assert "\n  DESK_APP_HOME: the workstation's data folder" in english
    assert "\n  DESK_APP_LANGUAGE: the language, vi (default) or en" in english
    assert not vietnamese_letters(english)


# argv, then what argparse says in Vietnamese and in English.
USAGE_ERRORS = [
    (["intake"], "thiếu tham số bắt buộc: --procedure", "the following arguments are required"),
    (
        ["dossier", "list"],
        "tham số COMMAND: giá trị 'list' không có trong danh sách (chọn một trong: 'show'",
        "argument COMMAND: invalid choice: 'list' (choose from 'show'",
    ),
    (["audit", "verify", "thêm"], "không hiểu các tham số: thêm", "unrecognized arguments: thêm"),
    (["intake", "--procedure"], "tham số --procedure: cần một giá trị", "expected one argument"),
    (
        ["intake", "--procedure", "1.001193", "--channel", "fax"],
        "tham số --channel: giá trị 'fax' không có trong danh sách",
        "argument --channel: invalid choice: 'fax'",
    ),
    (
        ["intake", "--procedure", "1.001193", "--sets", "hai"],
        "tham số --sets: “hai” không phải là một số đếm",
        "argument --sets: “hai” is not a count",
    ),
    (
        ["intake", "--procedure", "1.001193", "--re", "x"],
        "tùy chọn --re không rõ là tùy chọn nào",
        "ambiguous option: --re could match",
    ),
]


@pytest.mark.parametrize(("argv", "vietnamese", "english"), USAGE_ERRORS)
def test_argparse_speaks_the_settings_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], vietnamese: str, english: str
) -> None:
    run = cli(capsys, *argv)
    assert run.code == 2
    assert run.err.startswith("cách dùng: desk-app")
    assert vietnamese in run.err
    assert not any(words in run.err for words in ARGPARSE_WORDS if words.strip()), run.err
    use_language("en")
    run = cli(capsys, *argv)
    assert run.code == 2
    assert run.err.startswith("usage: desk-app")
    assert english in run.err
    assert not vietnamese_letters(run.err.replace("thêm", "")), run.err


def test_each_sentence_translated_is_argparse_own_with_the_same_placeholders() -> None:
    """A Python that rewords argparse shows its own English, never a wrong sentence: every
    sentence we translate must be one this Python's argparse says, word for word."""
    source = inspect.getsource(argparse)
    placeholders = re.compile(r"%(?:\(\w+\))?[sr]")
    for english, vietnamese in ARGPARSE_WORDS.items():
        assert repr(english) in source or f'"{english}"' in source, english
        assert translate(vietnamese, "en") == english
        assert sorted(placeholders.findall(vietnamese)) == sorted(placeholders.findall(english))
    for (singular, plural), ours in ARGPARSE_COUNTED.items():
        assert repr(singular) in source and repr(plural) in source
        assert translate_plural(*ours, 1, "en") == singular
        assert translate_plural(*ours, 2, "en") == plural


def test_argparse_is_left_as_it_was_after_a_parse(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "intake").code == 2
    assert build_parser().parse_args(["audit", "verify"]).command == "audit"
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


@given(st.integers(min_value=0, max_value=99_999_999))
def test_amounts_as_officers_write_them(amount: int) -> None:
    grouped = f"{amount:,}"
    for written in (str(amount), grouped, grouped.replace(",", "."), grouped.replace(",", " ")):
        assert amount_vnd(written) == amount


@pytest.mark.parametrize("text", ["5,5", "1.00", "1.000,000", "50k", "-1", "", "1.000.00"])
def test_what_is_no_amount(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="không phải là một số tiền"):
        amount_vnd(text)


@given(st.integers(min_value=0, max_value=10**6))
def test_counts_are_digits(count: int) -> None:
    assert whole_number(str(count)) == count
    assert whole_number(f" {count}\n") == count


@pytest.mark.parametrize("text", ["-1", "2.5", "hai", "", "٣"])
def test_what_is_no_count(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="không phải là một số đếm"):
        whole_number(text)


def test_intake_help_says_which_components_count_without_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = cli(capsys, "intake", "--help").out
    assert "không ghi: chỉ các thành phần bắt buộc" in shown
    assert "all (tất cả, kể cả giấy tờ “nếu có”" in shown
    for option in ("--pages N", "--copies N", "--fee VND"):
        assert re.search(rf"^\s+{re.escape(option)}\s", shown, re.MULTILINE), option
    assert "0: miễn" in shown


def test_init_help_explains_both_counting_methods_and_the_full_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = cli(capsys, "init", "--help").out
    assert "--counting-method working_hours|civil_code" in shown
    assert "working_hours (mặc định) cộng giờ làm việc kể từ lúc nhận hồ sơ" in shown
    assert "civil_code tính theo Bộ luật Dân sự (Điều 147-148)" in shown
    assert re.search(r"--admin-name NAME\s+họ và tên đầy đủ .*bắt buộc", shown)
    assert "--reception-unit NAME" in shown and "lấy từ tên cơ quan" in shown
    parsed = build_parser().parse_args(["init", "--counting-method", "civil_code"])
    assert parsed.counting_method == "civil_code"
