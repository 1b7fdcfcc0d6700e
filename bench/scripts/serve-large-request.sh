#!/usr/bin/env bash
# The server's cost for one large request: a fresh `vectorprop serve` per request, one POST /predict, its
# status and time (curl) and the server's peak RSS (VmHWM) before and after. Requests: 1.1 M rows of 2
# features (13.7 MB, with --max-rows raised to take them, and at the default cap, refused) and 65,536 rows
# (the default cap). Usage: bench/scripts/serve-large-request.sh [OTHER_JAR] — OTHER_JAR (e.g. an older
# build's samples/target/vectorprop.jar) is measured on the same requests, side by side.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
java=$("$root/bin/find-jdk25")/bin/java
"$root/vectorprop" --help >/dev/null 2>&1   # builds the jar when needed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import random, sys
d = sys.argv[1]
random.seed(1)
with open(d + '/xy.csv', 'w') as f:
    f.write('x1,x2,y\n')
    for i in range(2000):
        a, b = random.uniform(0, 10), random.uniform(-5, 5)
        f.write('%.3f,%.3f,%.3f\n' % (a, b, 3 * a - 2 * b + random.gauss(0, 0.1)))
rows = ['[%.2f,%.2f]' % (random.uniform(0, 10), random.uniform(-5, 5)) for i in range(1_100_000)]
open(d + '/big.json', 'w').write('{"rows":[' + ','.join(rows) + ']}')
open(d + '/cap.json', 'w').write('{"rows":[' + ','.join(rows[:65536]) + ']}')
PY
measure() { # JAR MODEL BODY [serve options...]
  local jar=$1 model=$2 body=$3; shift 3
  local port=$((20000 + RANDOM % 20000))
  "$java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g -jar "$jar" serve --model "$model" \
      --port $port "$@" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 150); do curl -s "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
  local before after result
  before=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
  result=$(curl -s -o "$work/answer.json" -w '%{http_code} in %{time_total} s' -X POST --data-binary @"$body" \
      "http://127.0.0.1:$port/predict")
  after=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$jar, $(basename "$body") $*: HTTP $result, peak RSS $((before / 1024)) MB before, $((after / 1024)) MB after"
}
train() { # JAR MODEL
  "$java" --add-modules jdk.incubator.vector -jar "$1" train --data "$work/xy.csv" --task regression --target y \
      --epochs 2 --model "$2" --quiet >/dev/null 2>&1
}
jar="$root/samples/target/vectorprop.jar"
train "$jar" "$work/model.vpm"
measure "$jar" "$work/model.vpm" "$work/big.json" --max-rows 2000000
measure "$jar" "$work/model.vpm" "$work/big.json"
measure "$jar" "$work/model.vpm" "$work/cap.json"
if [ $# -ge 1 ]; then
  train "$1" "$work/other.vpm"
  measure "$1" "$work/other.vpm" "$work/big.json"
  measure "$1" "$work/other.vpm" "$work/cap.json"
fi
