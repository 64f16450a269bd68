#!/usr/bin/env bash
# Throughput of the emulator against a bare net/http TLS server, same machine, same run.
# Usage: scripts/bench-emulator.sh [duration]   (default 10s; env LOG=path keeps the request log, default /dev/null)
# Needs wrk (apt-get install -y wrk). Prints: target, req/s, ratio to the bare server.
set -euo pipefail

duration="${1:-10s}"
log="${LOG:-/dev/null}" # the emulator writes one JSON line per request: that costs, so it is part of the figure
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/webcore-emulator" ./cmd/webcore-emulator
go build -o "$work/benchbare" ./tools/benchbare

"$work/webcore-emulator" --listen 127.0.0.1:0 --ready-file "$work/ready.json" --log-file "$log" >/dev/null &
pids+=($!)
"$work/benchbare" --listen 127.0.0.1:0 --addr-file "$work/bare.addr" >/dev/null 2>&1 &
pids+=($!)

for _ in $(seq 100); do
  [[ -s "$work/ready.json" && -s "$work/bare.addr" ]] && break
  sleep 0.1
done
[[ -s "$work/ready.json" && -s "$work/bare.addr" ]] || { echo "servers did not start" >&2; exit 1; }

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/ready.json" "$1"; }
webcore_url="$(field webcore_url)"
webscale_url="$(field webscale_url)"
token="$(field webscale_token)"
basic="$(printf '%s:%s' "$(field webcore_email)" "$(field webcore_api_key)" | base64 -w0)"
bare_url="https://$(cat "$work/bare.addr")/users/1.json"

# run NAME URL [HEADER]: one wrk run, keep-alive TLS, 2 threads, 32 connections.
declare -A rps
order=()
note=""
run() {
  local name="$1" url="$2" header="${3:-}"
  local args=(-t2 -c32 -d"$duration" --latency)
  [[ -n "$header" ]] && args+=(-H "$header")
  local out
  out="$(wrk "${args[@]}" "$url")"
  if grep -q "Non-2xx" <<<"$out"; then
    echo "$name: non-2xx answers, check the route and credentials:" >&2
    echo "$out" >&2
    exit 1
  fi
  rps[$name]="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  order+=("$name")
}

run "bare net/http TLS" "$bare_url"
run "webscale GET /v2/users/self" "$webscale_url/users/self" "Authorization: Bearer $token"
# The Webcore route comes from the webcore domain; bench it when it answers.
code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$(field ca_cert_file)" -H "Authorization: Basic $basic" "$webcore_url/users/1.json" || true)"
if [[ "$code" == "200" ]]; then
  run "webcore GET /users/1.json" "$webcore_url/users/1.json" "Authorization: Basic $basic"
else
  note="(webcore GET /users/1.json answered $code: skipped)"
fi

base="${rps["bare net/http TLS"]}"
printf '%-32s %12s %8s\n' target "req/s" ratio
for name in "${order[@]}"; do
  printf '%-32s %12.0f %8.2f\n' "$name" "${rps[$name]}" "$(python3 -c "print(${rps[$name]}/$base)")"
done
[[ -z "$note" ]] || echo "$note"
