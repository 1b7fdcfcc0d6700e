#!/usr/bin/env bash
# Side by side, in one invocation: vectorprop (scalar and SIMD, 1 and 2 threads) against PyTorch at its
# best on this machine (1 thread: OMP=1 OPENBLAS=1; 2 cores: OMP=1 OPENBLAS=2; foreach optimizers, denormals
# flushed, the fastest OpenBLAS core type measured first), same model, data and batch sizes. Prints a table of samples/s with ratios; raw JSON lines go to bench/target/vs-pytorch.jsonl.
# dl4j=true adds DeepLearning4j (1.0.0-M2.1, nd4j-native AVX-512 + OpenBLAS) at its best (bench/src/dl4j/java/.../Dl4jMlp.java) as
# the JVM peer, 1 and 2 threads, beside PyTorch in the table; it builds with -Pdl4j, which downloads ~240 MB into ~/.m2 the first time.
# Usage: bench/scripts/vs-pytorch.sh [batches=16,32,64,128,256] [repeats=3] [samples=60000] [dl4j=false]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dl4j=false
args=()
for arg in "$@"; do
  case $arg in
    dl4j=*) dl4j=${arg#dl4j=} ;;
    *) args+=("$arg") ;;
  esac
done
set -- ${args[@]+"${args[@]}"}
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
profile=()
[ "$dl4j" = true ] && profile=(-Pdl4j)
"$root/mvnw" -q -DskipTests ${profile[@]+"${profile[@]}"} -pl bench -am package >/dev/null
mkdir -p "$(dirname "$out")"
: >"$out"
echo "vectorprop..." >&2
"$java_home/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx8g -cp "$jar" \
  dev.vectorprop.bench.EndToEnd "$@" 2>/dev/null | tee -a "$out" >&2
# The OpenBLAS kernel (core type: autodetection, Haswell's AVX2, SkylakeX's AVX-512, Zen) under which a peer trains
# fastest, measured at batch 64 on one thread: fastest_coretype LABEL STDERR COMMAND... prints the type; the command
# prints a JSON line with samples_per_second, its own messages go to STDERR. OPENBLAS_L2_SIZE, where set for old
# builds, unset.
fastest_coretype() {
  local label=$1 errors=$2 best_type="" best_rate=0 type rate
  shift 2
  for type in auto Haswell SkylakeX Zen; do
    rate=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $( [ $type != auto ] && echo OPENBLAS_CORETYPE=$type ) \
      OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$@" 2>>"$errors" | sed -E 's/.*"samples_per_second": ([0-9.]+).*/\1/')
    echo "$label with OpenBLAS core type $type: $rate samples/s at batch 64" >&2
    if awk -v a="$rate" -v b="$best_rate" 'BEGIN { exit !(a > b) }'; then best_type=$type best_rate=$rate; fi
  done
  echo "$label runs with OpenBLAS core type $best_type" >&2
  echo "$best_type"
}
# PyTorch at its best: its fastest OpenBLAS kernel.
best_type=$(fastest_coretype PyTorch /dev/stderr /usr/bin/python3 "$root/bench/scripts/pytorch_mlp.py" batches=64 \
  repeats=1 samples=20000 small=false)
coretype=()
[ "$best_type" != auto ] && coretype=(OPENBLAS_CORETYPE=$best_type)
for threads in 1 2; do
  echo "PyTorch, $threads thread(s)..." >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${coretype[@]}" OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=$threads \
    /usr/bin/python3 "$root/bench/scripts/pytorch_mlp.py" threads-label=$threads \
    $( [ $threads = 2 ] && echo small=false ) "$@" | tee -a "$out" >&2
done
if [ "$dl4j" = true ]; then
  # DL4J at its best: OpenBLAS on $threads threads, libnd4j's own ops on one (see Dl4jMlp), and its OpenBLAS (0.3.19,
  # which takes this CPU for a Haswell) with the core type that trains fastest, measured as for PyTorch. Log: dl4j.log
  dl4j_java=("$java_home/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
    -XX:+UseParallelGC -Xmx4g -cp "$root/bench/target/dl4j-classes:$jar:$(cat "$root/bench/target/dl4j.classpath")"
    dev.vectorprop.bench.Dl4jMlp)
  log="$root/bench/target/dl4j.log"
  : >"$log"
  best_type=$(fastest_coretype DL4J "$log" "${dl4j_java[@]}" batches=64 repeats=1 samples=20000 small=false threads=1)
  coretype=()
  [ "$best_type" != auto ] && coretype=(OPENBLAS_CORETYPE=$best_type)
  for threads in 1 2; do
    echo "DL4J, $threads thread(s)..." >&2
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${coretype[@]+"${coretype[@]}"} OMP_NUM_THREADS=1 \
      OPENBLAS_NUM_THREADS=$threads "${dl4j_java[@]}" "$@" threads=$threads $( [ $threads = 2 ] && echo small=false ) \
      2>>"$log" | tee -a "$out" >&2
  done
fi
/usr/bin/python3 "$root/bench/scripts/table.py" "$out"
"$java_home/bin/java" -cp "$jar" dev.vectorprop.bench.PlotEndToEnd "$out" "$root/bench/target/epoch-vs-batch.png"
