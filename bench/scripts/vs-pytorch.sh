#!/usr/bin/env bash
# Side by side, in one invocation: vectorprop (scalar and SIMD, 1 and 2 threads) against PyTorch at its
# best on this machine (1 thread: OMP=1 OPENBLAS=1; 2 cores: OMP=1 OPENBLAS=2), same model, data and
# batch sizes. Prints a table of samples/s with ratios; raw JSON lines go to bench/target/vs-pytorch.jsonl.
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
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, where set on this machine for old OpenBLAS builds, slow the current one.
for threads in 1 2; do
  echo "PyTorch, $threads thread(s)..." >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=$threads \
    /usr/bin/python3 "$root/bench/scripts/pytorch_mlp.py" threads-label=$threads \
    $( [ $threads = 2 ] && echo small=false ) "$@" | tee -a "$out" >&2
done
/usr/bin/python3 "$root/bench/scripts/table.py" "$out"
"$java_home/bin/java" -cp "$jar" dev.vectorprop.bench.PlotEndToEnd "$out" "$root/bench/target/epoch-vs-batch.png"
