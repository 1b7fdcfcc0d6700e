#!/usr/bin/env bash
# Inference side by side on the same 784-512-512-10 model (EndToEnd.mlp(), exported with OnnxExport): vectorprop's
# Predictor in FP32 and BF16 against ONNX Runtime 1.22's Java API in the same JVM (OnnxRuntimeBenchmark: JMH sample
# mode, p50 and p99 of one row and of a batch of 256; ONNX Runtime with graph optimization ALL, sequential execution,
# tensors made once and reused), then PyTorch's figure from bench/scripts/pytorch_inference.py (one thread).
# Both engines run with 1 thread per call (vectorprop's predictor on the calling thread, ONNX Runtime with 1 intra-op
# thread), then with 2 (every core of this machine: Predictor.withThreads(2), 2 intra-op threads), on random rows;
# then one row of the real Fashion-MNIST test images (whose blank pixels vectorprop's one-row product skips) at 1 and
# 2 threads. Options as name=value: forks=2 warmups=5 iterations=5 pytorch=true. About 8 minutes with the defaults;
# run it on a quiet machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
forks=2 warmups=5 iterations=5 pytorch=true
for arg in "$@"; do
  case "$arg" in
    forks=*|warmups=*|iterations=*|pytorch=*) declare "$arg" ;;
    *) echo "usage: $0 [forks=N] [warmups=N] [iterations=N] [pytorch=true|false]" >&2; exit 2 ;;
  esac
done
java_home=$("$root/bin/find-jdk25")
"$root/mvnw" -q -DskipTests -pl bench -am package >/dev/null
jmh() { # the benchmarks to run, then JMH's options
  local benchmarks=$1
  shift
  "$java_home/bin/java" -jar "$root/bench/target/benchmarks.jar" "$benchmarks" -f "$forks" -wi "$warmups" \
    -i "$iterations" -w 1 -r 1 "$@" 2>/dev/null | grep -E "^OnnxRuntime.*(oneRow|batchOf256)(:p0.50|:p0.99)? "
}
echo "vectorprop (one thread, float and bfloat16 weights) and ONNX Runtime (1 intra-op thread), same JVM:"
jmh OnnxRuntimeBenchmark -p threads=1
echo "The floor under one row in float, reading its 2.7 MB of weights once from L3 (StreamBenchmark):"
"$java_home/bin/java" -jar "$root/bench/target/benchmarks.jar" StreamBenchmark -f "$forks" -wi "$warmups" \
  -i "$iterations" -w 1 -r 1 2>/dev/null | grep -E "^StreamBenchmark"
echo "Two threads per call: vectorprop's Predictor.withThreads(2), ONNX Runtime with 2 intra-op threads:"
jmh OnnxRuntimeBenchmark -p threads=2
echo "One row of the real Fashion-MNIST test images (about half the pixels blank), 1 and 2 threads per call:"
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >&2
jmh OnnxRuntimeBenchmark.oneRow -p rows=fashion -p threads=1,2 -p engine=vectorprop-fp32,onnxruntime
if [ "$pytorch" = true ]; then
  /usr/bin/python3 -c "import torch" 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >&2
  echo "PyTorch (one thread, torch.no_grad()):"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 \
    /usr/bin/python3 "$root/bench/scripts/pytorch_inference.py"
fi
