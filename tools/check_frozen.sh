#!/usr/bin/env bash
# Build the PyInstaller one-folder app and prove it runs with no Python around it: the console
# program reports its version, sets up a demo office (migrations and catalogue bundled) and
# prints a receipt (fonts and ReportLab bundled); the windowed program opens its first window
# offscreen on the bundle's own Qt and stays up until told to stop.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
work=$(mktemp -d)
window_pid=""
cleanup() {
  if [[ -n $window_pid ]]; then kill "$window_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
.venv/bin/pyinstaller --noconfirm --log-level ERROR --distpath "$work/dist" --workpath "$work/build" build.spec
bundle="$work/dist/desk-app"
app="$bundle/desk-app"
window="$bundle/desk-app-window"
for program in "$app" "$window"; do
  [[ -x $program ]] || { echo "missing from the bundle: $program" >&2; exit 1; }
done
export QT_QPA_PLATFORM=offscreen DESK_APP_HOME="$work/home"
"$app" --version
"$app" init --demo >/dev/null
# Whole outputs are captured first: an early-exiting reader (head, grep -q) would kill the
# writer with SIGPIPE, which pipefail reports as a failure.
listing=$("$app" dossier today)  # the demo's dossiers, newest first: "CODE<tab>state..."
code=${listing%%$'\t'*}
"$app" receipt "$code" --out "$work/receipt.pdf" >/dev/null
# A lifecycle act and its form: the modules the commands import late are in the bundle too.
"$app" dossier transfer "$code" --unit "Công chức Tư pháp - Hộ tịch" >/dev/null
"$app" dossier slip "$code" --out "$work/slip.pdf" >/dev/null
[[ $(pdftotext "$work/slip.pdf" -) == *"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"* ]] ||
  { echo "control slip text missing" >&2; exit 1; }
text=$(pdftotext "$work/receipt.pdf" -)
[[ $text == *"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"* ]] || { echo "receipt text missing" >&2; exit 1; }

# The windowed program waits at its log-in dialog. Proof that it really runs on Qt: its memory
# map holds the bundle's own QtWidgets and offscreen platform plugin (loaded when the
# application object is made, before any window), and it is still alive a while after that.
"$window" >"$work/window.out" 2>&1 &
window_pid=$!
loaded=""
for _ in $(seq 60); do
  kill -0 "$window_pid" 2>/dev/null || break
  maps=$(cat "/proc/$window_pid/maps" 2>/dev/null || true)
  if [[ $maps == *"$bundle/"*"libQt6Widgets.so"* && $maps == *"$bundle/"*"/platforms/libqoffscreen.so"* ]]; then
    loaded=yes
    break
  fi
  sleep 0.5
done
[[ -n $loaded ]] || { echo "desk-app-window did not load the bundle's Qt:" >&2; cat "$work/window.out" >&2; exit 1; }
sleep 3
kill -0 "$window_pid" 2>/dev/null || { echo "desk-app-window stopped by itself:" >&2; cat "$work/window.out" >&2; exit 1; }
kill -TERM "$window_pid"
status=0
wait "$window_pid" || status=$?
window_pid=""
[[ $status -eq 143 ]] || { echo "desk-app-window did not stop on SIGTERM (status $status)" >&2; exit 1; }
echo "frozen app: version, init, receipt, window OK ($(du -sh "$bundle" | cut -f1), $((SECONDS - start)) s)"
