#!/usr/bin/env bash
# GEMM side by side, one thread: vectorprop scalar and SIMD (JMH, GemmBenchmark) and OpenBLAS sgemm (Debian's
# numpy) at its best (each of its core types tried, the fastest kept per shape), on the shapes of training 784-512-512-10 at batch 64 and 1024³. Prints a markdown table of GFLOPS.
# Usage: bench/scripts/gemm-vs-openblas.sh [forks=3] [scalar=true]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
forks=3
scalar=true
for arg in "$@"; do
  case "$arg" in
    forks=*) forks=${arg#forks=} ;;
    scalar=*) scalar=${arg#scalar=} ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done
/usr/bin/python3 -c "import numpy" 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy >&2
# Debian's numpy calls whatever libblas.so.3 is selected; make it OpenBLAS.
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || \
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >&2
java_home=$("$root/bin/find-jdk25")
"$root/mvnw" -q -DskipTests -pl bench -am package >/dev/null
out="$root/bench/target"
kernels=simd
[ "$scalar" = true ] && kernels=simd,scalar
echo "JMH (forks=$forks, kernels=$kernels)..." >&2
"$java_home/bin/java" -jar "$out/benchmarks.jar" GemmBenchmark -p kernels=$kernels -f "$forks" \
  -rf json -rff "$out/gemm-jmh.json" >&2 2>/dev/null
# OpenBLAS at its best: each of its kernels (autodetected, Haswell's AVX2, SkylakeX's AVX-512, Zen) in turn, and per
# shape the fastest; OPENBLAS_L2_SIZE, where set for old builds, unset.
: >"$out/gemm-openblas.jsonl"
for type in auto Haswell SkylakeX Zen; do
  echo "OpenBLAS, core type $type..." >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $( [ $type != auto ] && echo OPENBLAS_CORETYPE=$type ) \
    OPENBLAS_NUM_THREADS=1 OPENBLAS_VERBOSE=2 /usr/bin/python3 "$root/bench/scripts/openblas_sgemm.py" \
    2>"$out/gemm-openblas-$type.log" | sed "s/^{/{\"coretype\": \"$type\", /" >>"$out/gemm-openblas.jsonl"
done
/usr/bin/python3 - "$out/gemm-jmh.json" "$out/gemm-openblas.jsonl" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1]))
blas, kernel = {}, {}
for r in map(json.loads, open(sys.argv[2])):
    if r["gflops"] > blas.get(r["shape"], 0):
        blas[r["shape"]], kernel[r["shape"]] = r["gflops"], r["coretype"]
core = ", ".join(f"{shape}: {kernel[shape]}" for shape in blas)
rates = {}
for r in jmh:
    shape, kernels = r["params"]["shape"], r["params"]["kernels"]
    m, n, k = map(int, shape.split(":")[1].split("x"))
    rates[(shape, kernels)] = 2 * m * n * k / (r["primaryMetric"]["score"] * 1e-6) / 1e9  # score in µs/op
print(f"OpenBLAS's fastest core type per shape: {core}\n")
print("| shape (C = op(A)·op(B), m×n×k) | scalar GFLOPS | SIMD GFLOPS | OpenBLAS GFLOPS | SIMD / OpenBLAS | SIMD / scalar |")
print("|---|---|---|---|---|---|")
for shape in blas:
    s, v, b = rates.get((shape, "scalar")), rates.get((shape, "simd")), blas[shape]
    fmt = lambda x: f"{x:.1f}" if x else "–"
    print(f"| {shape} | {fmt(s)} | {fmt(v)} | {b:.1f} | {100 * v / b:.0f}% | {f'{v / s:.0f}×' if s else '–'} |")
PY
