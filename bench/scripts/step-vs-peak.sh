#!/usr/bin/env bash
# A training step and its matrix products as a share of this core's FMA peak, all measured in one JMH run, one
# thread: FmaPeakBenchmark (the peak), TrainingStepBenchmark.step (784-512-512-10, cross-entropy, Adam, batch 64
# and 256) and GemmBenchmark on the products of those steps. Prints a markdown table; JMH's JSON goes to
# bench/target/step-vs-peak.json.
# Usage: bench/scripts/step-vs-peak.sh [forks=2]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
forks=2
for arg in "$@"; do
  case "$arg" in
    forks=*) forks=${arg#forks=} ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done
java_home=$("$root/bin/find-jdk25")
# the step trains on the real Fashion-MNIST (TrainingStepBenchmark says why)
[ -d /usr/share/datasets/fashion-mnist ] \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >&2
"$root/mvnw" -q -DskipTests -pl bench -am package >/dev/null
out="$root/bench/target/step-vs-peak.json"
# the products of a step at batch b: forward X·W per layer, weight gradients Xᵀ·dZ, back to the hidden layers dZ·Wᵀ
shapes=""
for b in 64 256; do
  shapes+="NN:${b}x512x784,NN:${b}x512x512,NN:${b}x10x512,TN:784x512x${b},TN:512x512x${b},TN:512x10x${b},"
  shapes+="NT:${b}x512x512,NT:${b}x512x10,"
done
shapes+="NN:1024x1024x1024"
"$java_home/bin/java" -jar "$root/bench/target/benchmarks.jar" \
  'FmaPeakBenchmark|TrainingStepBenchmark.step|GemmBenchmark' -p kernels=simd -p shape="$shapes" -f "$forks" \
  -rf json -rff "$out" >&2 2>/dev/null
/usr/bin/python3 - "$out" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
peak = next(r["primaryMetric"]["score"] for r in runs if "FmaPeak" in r["benchmark"])
layers = [(784, 512), (512, 512), (512, 10)]
print(f"CPU: {sys.argv[2]}; FMA peak measured in this run: {peak:.1f} GFLOPS (one core)\n")
print("| work (one thread) | µs | GFLOPS | % of peak |")
print("|---|---|---|---|")
for r in runs:
    name, p, us = r["benchmark"], r.get("params") or {}, r["primaryMetric"]["score"]
    if name.endswith("step"):
        b = int(p["batch"])
        # forward and weight gradients for every layer, the product back to the inputs for all but the first
        flops = b * (4 * sum(i * o for i, o in layers) + 2 * sum(i * o for i, o in layers[1:]))
        label = f"training step, batch {b}"
    elif "Gemm" in name:
        form, dims = p["shape"].split(":")
        m, n, k = map(int, dims.split("x"))
        flops = 2 * m * n * k
        label = {"NN": f"{m}×{k} · {k}×{n}", "NT": f"{m}×{k} · ({n}×{k})ᵀ", "TN": f"({k}×{m})ᵀ · {k}×{n}"}[form]
    else:
        continue
    rate = flops / us / 1e3
    print(f"| {label} | {us:,.1f} | {rate:.1f} | {100 * rate / peak:.0f}% |")
PY
