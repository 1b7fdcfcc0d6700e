#!/usr/bin/env bash
# Inference side by side, one thread: vectorprop's Predictor in FP32 and BF16 (JMH, sample mode: p50 and p99 of one row,
# time per 256 rows; on random rows and on real Fashion-MNIST test images, which have zeros to skip) and PyTorch with
# torch.no_grad() on the same 784-512-512-10 model (whose speed does not depend on the values).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
/usr/bin/python3 -c "import torch" 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >&2
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >&2
java_home=$("$root/bin/find-jdk25")
"$root/mvnw" -q -DskipTests -pl bench -am package >/dev/null
echo "vectorprop (JMH, one thread; weights in float and in bfloat16):"
"$java_home/bin/java" -jar "$root/bench/target/benchmarks.jar" InferenceBenchmark -p kernels=simd -p rows=random,fashion -f 2 -wi 3 -i 5 \
  -w 1 -r 1 2>/dev/null | grep -E "^Inference.*(oneRow|batchOf256)(:p0.50|:p0.99)? "
echo "PyTorch (one thread):"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 \
  /usr/bin/python3 "$root/bench/scripts/pytorch_inference.py"
