#!/usr/bin/env bash
# Smoke test of a frozen build on any of the three systems (bash: Git Bash on Windows):
#   bash packaging/smoke.sh PATH/TO/intake[.exe]
# Runs the command line through init -> record new -> attach -> seal -> check -> export ->
# verify in a fresh folder, then starts the app offscreen and checks it is still running
# after 20 seconds (it opened its first window without crashing).
set -euo pipefail
intake=$1
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
export QT_QPA_PLATFORM=offscreen
"$intake" --version
printf 'smoke test passphrase, not a real one\n' > "$w/pass"
V=(--vault "$w/vault" --passphrase-file "$w/pass")
"$intake" init --name "Smoke" --org "CI" "${V[@]}"
"$intake" forms example nk-testimony > "$w/doc.json"
rid=$("$intake" record new --form nk-testimony --data "$w/doc.json" "${V[@]}" | tr -d '\r')
head -c 100000 /dev/urandom > "$w/interview.ogg"
"$intake" attach "$rid" "$w/interview.ogg" "${V[@]}"
"$intake" record seal "$rid" "${V[@]}"
"$intake" check "${V[@]}"
"$intake" keygen --out "$w/legal.key"
recipient=$(grep -o 'age1[0-9a-z]*' "$w/legal.key" | head -n1)
"$intake" recipients add legal "$recipient" "${V[@]}"
"$intake" export "$rid" --to legal --out "$w/handover.age" "${V[@]}"
"$intake" verify "$w/handover.age" --identity "$w/legal.key"

"$intake" gui --vault "$w/app-vault" &
app=$!
sleep 20
if ! kill -0 "$app" 2>/dev/null; then
    wait "$app" || true
    echo "the app exited within 20 seconds" >&2
    exit 1
fi
kill "$app"
wait "$app" 2>/dev/null || true
echo SMOKE-OK
