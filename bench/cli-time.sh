#!/usr/bin/env bash
# Standalone CLI timings against `reconcile sandbox`: wall time and peak RSS (/usr/bin/time -v) of
# `reconcile --plan` and `--apply` as a user runs them, one process per command, at N keys.
#
#   bench/cli-time.sh [KEYS] [SCALE]        (after `npm run build`; defaults 10000 and KEYS/100)
#
# Steps, each its own CLI process:
#   plan          empty account                       (quotas: AWS x SCALE in sandbox and manifest)
#   apply         creates and imports KEYS keys       (AWS x SCALE, so it takes ~100 s, not hours)
#   re-plan       no changes; the sandbox switched to AWS's published quotas (POST /_sandbox/quotas)
#                 and a manifest without `quotas:`, so the client paces at AWS's own defaults
#   apply-more    KEYS/10 keys added, back at AWS x SCALE: an apply that refreshes KEYS keys and has work
# Environment: PORT (4610), LATENCY ms the sandbox adds per request (0), KEEP=1 keeps the work directory.
set -euo pipefail

KEYS=${1:-10000}
SCALE=${2:-$(( KEYS > 100 ? (KEYS + 99) / 100 : 1 ))}
ADD=$(( KEYS / 10 > 0 ? KEYS / 10 : 1 ))
PORT=${PORT:-4610}
LATENCY=${LATENCY:-0}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/bin/reconcile.js"
URL="http://127.0.0.1:$PORT"

[[ -x /usr/bin/time ]] || { echo "cli-time: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
[[ -f "$ROOT/dist/cli/main.js" ]] || { echo "cli-time: $ROOT/dist is missing; run npm run build first" >&2; exit 1; }
if curl -s -o /dev/null "$URL/_sandbox/stats"; then echo "cli-time: port $PORT is in use; set PORT" >&2; exit 1; fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/byok-cli-time.XXXXXX")
SANDBOX_PID=
cleanup() {
  [[ -n "$SANDBOX_PID" ]] && kill "$SANDBOX_PID" 2>/dev/null && wait "$SANDBOX_PID" 2>/dev/null
  if [[ "${KEEP:-0}" == 1 ]]; then echo "cli-time: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
cd "$WORK"

# Static test credentials through the SDK's environment step; no profile or instance metadata.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/nonexistent/byok-cli-time AWS_SHARED_CREDENTIALS_FILE=/nonexistent/byok-cli-time
unset AWS_PROFILE AWS_SESSION_TOKEN

# The manifests: KEYS keys scaled, the same keys without quotas, KEYS + ADD keys scaled.
ROOT="$ROOT" KEYS="$KEYS" ADD="$ADD" SCALE="$SCALE" URL="$URL" node --input-type=module -e '
import { mkdirSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
const { AWS_QUOTAS } = await import(`${process.env.ROOT}/dist/catalog/aws.js`);
const [keys, add, scale] = ["KEYS", "ADD", "SCALE"].map((k) => Number(process.env[k]));
const name = (i) => `k${String(i).padStart(5, "0")}`;
mkdirSync("material", { mode: 0o700 });
for (let i = 1; i <= keys + add; i++) writeFileSync(`material/${name(i)}.bin`, randomBytes(32), { mode: 0o600 });
const quotas = scale === 1 ? [] : ["    quotas:", ...Object.entries(AWS_QUOTAS).map(([op, r]) => `      ${op}: ${r * scale}`)];
const manifest = (n, q) => [
  "version: 1", `name: cli-time-${keys}`, "providers:", "  bench:", "    type: aws", "    region: us-east-1",
  `    endpoint: ${process.env.URL}`, "    discovery: auto", ...q,
  "defaults:", "  provider: bench", "  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }", "keys:",
  ...Array.from({ length: n }, (_, j) => [`  ${name(j + 1)}:`, `    material: { file: material/${name(j + 1)}.bin }`, `    aliases: [alias/bench/${name(j + 1)}]`]).flat(),
].join("\n") + "\n";
writeFileSync("keys.yaml", manifest(keys, quotas));
writeFileSync("keys-aws.yaml", manifest(keys, []));
writeFileSync("keys-more.yaml", manifest(keys + add, quotas));
writeFileSync("sb.yaml", "version: 1\nname: sb\nproviders:\n  sim: { type: local, state: ./sim-state.json }\nkeys: {}\n");
'

sandbox_quotas() {
  curl -sf -X POST --data "$1" "$URL/_sandbox/quotas" >/dev/null || { echo "cli-time: the sandbox refused quotas $1" >&2; exit 1; }
}

node "$BIN" sandbox -f sb.yaml --port "$PORT" --quotas "$SCALE" --latency "$LATENCY" --wrapping-key-pool 2 >sandbox.log 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "$URL/_sandbox/stats" && break; sleep 0.2; done
curl -s -o /dev/null "$URL/_sandbox/stats" || { echo "cli-time: the sandbox did not start:" >&2; cat sandbox.log >&2; exit 1; }

ROWS=()
# timed STEP ARGS...: one CLI process under /usr/bin/time -v; its output goes to STEP.out/.err.
timed() {
  local step=$1; shift
  local rc=0
  /usr/bin/time -v -o "$step.time" node "$BIN" "$@" >"$step.out" 2>"$step.err" || rc=$?
  local wall rss
  wall=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$step.time")
  rss=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$step.time")
  ROWS+=("$(printf '%-11s %10s %9s MB %5s' "$step" "$wall" "$(( rss / 1024 ))" "$rc")")
  if [[ $rc -ne 0 ]]; then echo "cli-time: $step exited $rc:" >&2; tail -5 "$step.err" >&2; exit 1; fi
}

echo "cli-time: $KEYS keys, sandbox quotas AWS x $SCALE, latency $LATENCY ms ($WORK)"
timed plan --plan -f keys.yaml
timed apply --apply -f keys.yaml --auto-approve
sandbox_quotas '"aws"'
timed re-plan --plan -f keys-aws.yaml --detailed-exitcode
sandbox_quotas "{\"scale\": $SCALE}"
timed apply-more --apply -f keys-more.yaml --auto-approve

echo "node $(node --version), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-11s %10s %12s %5s\n' step wall 'max RSS' exit
printf '%s\n' "${ROWS[@]}"
