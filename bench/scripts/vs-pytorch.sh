#!/usr/bin/env bash
# Side by side, in one invocation: vectorprop (scalar and SIMD, 1 and 2 threads) against PyTorch at its
# best on this machine (1 thread: OMP=1 OPENBLAS=1; 2 cores: OMP=1 OPENBLAS=2; foreach optimizers, denormals
# flushed, the fastest OpenBLAS core type measured first), same model, data and batch sizes. Prints a table of samples/s with ratios; raw JSON lines go to bench/target/vs-pytorch.jsonl.
# Usage: bench/scripts/vs-pytorch.sh [batches=16,32,64,128,256] [repeats=3] [samples=60000]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/target/vs-pytorch.jsonl"
need=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
/usr/bin/python3 -c "import torch" 2>/dev/null || need+=(python3-torch)
# Debian's torch calls whatever libblas.so.3 is selected; without OpenBLAS that is the slow reference BLAS.
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
java_home=$("$root/bin/find-jdk25")
jar="$root/bench/target/benchmarks.jar"
"$root/mvnw" -q -DskipTests -pl bench -am package >/dev/null
mkdir -p "$(dirname "$out")"
: >"$out"
echo "vectorprop..." >&2
"$java_home/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g -cp "$jar" \
  dev.vectorprop.bench.EndToEnd "$@" 2>/dev/null | tee -a "$out" >&2
# PyTorch at its best: the OpenBLAS kernel (core type) that trains fastest here, measured now at batch 64 on one
# thread (autodetection, Haswell's AVX2, SkylakeX's AVX-512, Zen); OPENBLAS_L2_SIZE, where set for old builds, unset.
best_type="" best_rate=0
for type in auto Haswell SkylakeX Zen; do
  rate=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $( [ $type != auto ] && echo OPENBLAS_CORETYPE=$type ) \
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/bench/scripts/pytorch_mlp.py" batches=64 \
    repeats=1 samples=20000 small=false | sed -E 's/.*"samples_per_second": ([0-9.]+).*/\1/')
  echo "PyTorch with OpenBLAS core type $type: $rate samples/s at batch 64" >&2
  if awk -v a="$rate" -v b="$best_rate" 'BEGIN { exit !(a > b) }'; then best_type=$type best_rate=$rate; fi
done
echo "PyTorch runs with OpenBLAS core type $best_type" >&2
coretype=()
[ "$best_type" != auto ] && coretype=(OPENBLAS_CORETYPE=$best_type)
for threads in 1 2; do
  echo "PyTorch, $threads thread(s)..." >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${coretype[@]}" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=$threads \
    /usr/bin/python3 "$root/bench/scripts/pytorch_mlp.py" threads-label=$threads \
    $( [ $threads = 2 ] && echo small=false ) "$@" | tee -a "$out" >&2
done
/usr/bin/python3 "$root/bench/scripts/table.py" "$out"
"$java_home/bin/java" -cp "$jar" dev.vectorprop.bench.PlotEndToEnd "$out" "$root/bench/target/epoch-vs-batch.png"
