#!/usr/bin/env bash
# Build the wheel and prove that, installed without extras in a fresh virtual environment, it
# serves a workstation with no Qt: it sets up an office, takes in a dossier and prints its
# receipt, reading its catalogue, migrations and fonts from the installed package only (the
# current folder and the data folder are outside the checkout). Both ways into the window say,
# instead, how to add the [gui] extra.
set -euo pipefail
start=$SECONDS
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Build from a copy of the files git would commit: an in-tree build leaves build/ behind, and
# a stale build/lib would slip files the checkout no longer has into the next wheel.
mkdir "$work/src"
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' file; do if [[ -e $file ]]; then printf '%s\0' "$file"; fi; done |
  tar --null --files-from=- -cf -) | tar -xf - -C "$work/src"
"$src/.venv/bin/pip" wheel -q --no-deps -w "$work/dist" "$work/src"
wheel=$(echo "$work"/dist/desk_app-*.whl)

# A fresh environment with no pip of its own, filled by the checkout's pip (--python), without
# compiling to bytecode: about 4 s instead of 18 s, and the same files installed.
python3 -m venv --without-pip "$work/venv"
bin="$work/venv/bin"
"$src/.venv/bin/pip" --python "$bin/python" install -q --no-compile -c "$src/constraints.txt" "$wheel"
if "$bin/python" -c "import PySide6" 2>/dev/null; then
  echo "PySide6 is importable in a venv that has only the base wheel" >&2
  exit 1
fi

cd "$work"
export DESK_APP_HOME="$work/home"
where=$("$bin/python" -c "import desk_app.paths as p; print(p.resources_dir()); print(p.ui_dir())")
[[ $where == "$work/venv/"* && $where != *"$src"* ]] || {
  echo "bundled files not read from the installed package: $where" >&2
  exit 1
}
printf 'mat-khau-quan-tri\n' >"$work/pw.txt"
"$bin/desk-app" init --office-name "UBND phường Thanh Xuân Trung" --agency-id 000.00.19.H26 \
  --place "Hà Nội" --workstation 1 --admin quantri --admin-name "Phạm Thị Hồng" \
  --password-file "$work/pw.txt" >/dev/null
dossier=$("$bin/desk-app" intake --procedure 1.001193 --name "Nguyễn Văn An" --json)
code=$("$bin/python" -c 'import json, sys; print(json.load(sys.stdin)["code"])' <<<"$dossier")
"$bin/desk-app" receipt "$code" --out "$work/r.pdf" >/dev/null
text=$(pdftotext "$work/r.pdf" -)
for expected in "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" "Nguyễn Văn An" "$code"; do
  [[ $text == *"$expected"* ]] || { echo "receipt lacks: $expected" >&2; exit 1; }
done

# The lifecycle forms' wording is data (resources/forms): the control slip prints from it.
"$bin/desk-app" dossier slip "$code" --out "$work/slip.pdf" >/dev/null
[[ $(pdftotext "$work/slip.pdf" -) == *"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"* ]] || {
  echo "control slip lacks its title" >&2
  exit 1
}

# No Qt: the window's two doors answer with the pip command, not a traceback.
for program in desk-app desk-app-window; do
  status=0
  said=$("$bin/$program" 2>&1) || status=$?
  if [[ $status -ne 1 || $said != *"desk-app[gui]"* || $said == *Traceback* ]]; then
    echo "$program without Qt (status $status) said: $said" >&2
    exit 1
  fi
done
echo "wheel without extras: no Qt, init, intake, receipt $code OK ($((SECONDS - start)) s)"

# The [server] extra on the same machine, still without Qt: the district server starts from the
# installed package (its own migrations), takes an office, answers /api/health, and stops.
"$src/.venv/bin/pip" --python "$bin/python" install -q --no-compile -c "$src/constraints.txt" "$wheel[server]"
if "$bin/python" -c "import PySide6" 2>/dev/null; then
  echo "PySide6 is importable after installing the [server] extra" >&2
  exit 1
fi
export DESK_APP_HOME="$work/district"
"$bin/desk-app" server add-office --agency-id 000.00.19.H26 --name "UBND phường Thanh Xuân Trung" >/dev/null
port=$("$bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin/desk-app" server serve --port "$port" >"$work/serve.log" 2>&1 &
served=$!
health=""
for _ in $(seq 60); do
  health=$("$bin/python" -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$port/api/health', timeout=1).read().decode())" 2>/dev/null) && break
  sleep 0.5
done
kill -INT "$served"
wait "$served" || true
[[ $health == *'"ok"'* ]] || { echo "server from the wheel did not answer: $(cat "$work/serve.log")" >&2; exit 1; }
"$bin/desk-app" server offices | grep -q "000.00.19.H26" || { echo "server lost its office" >&2; exit 1; }
echo "wheel with [server]: no Qt, district server answered on port $port ($((SECONDS - start)) s)"
