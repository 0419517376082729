#!/usr/bin/env bash
# Build the PyInstaller one-folder app and prove it runs with no Python around it: it reports
# its version, sets up a demo office (migrations and catalogue bundled) and prints a receipt
# (fonts and ReportLab bundled), all offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/pyinstaller --noconfirm --log-level ERROR --distpath "$work/dist" --workpath "$work/build" build.spec
app="$work/dist/desk-app/desk-app"
export QT_QPA_PLATFORM=offscreen DESK_APP_HOME="$work/home"
"$app" --version
"$app" init --demo >/dev/null
# Whole outputs are captured first: an early-exiting reader (head, grep -q) would kill the
# writer with SIGPIPE, which pipefail reports as a failure.
listing=$("$app" dossier due)
code=${listing%%$'\t'*}
"$app" receipt "$code" --out "$work/receipt.pdf" >/dev/null
text=$(pdftotext "$work/receipt.pdf" -)
[[ $text == *"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"* ]] || { echo "receipt text missing" >&2; exit 1; }
echo "frozen app: version, init, receipt OK ($(du -sh "$work/dist/desk-app" | cut -f1))"
