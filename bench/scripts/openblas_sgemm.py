#!/usr/bin/python3
"""OpenBLAS single-thread sgemm through Debian's numpy, on the shapes of GemmBenchmark.

Prints one JSON object per shape with the median GFLOPS (2·m·n·k / time) of 5 measurements of at
least 0.5 s each. Run with OPENBLAS_NUM_THREADS=1 and without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE,
which pin an older, slower kernel (gemm-vs-openblas.sh does this).
"""
import json
import statistics
import time

import numpy as np

SHAPES = ["NN:64x512x784", "NN:64x512x512", "NN:64x10x512", "NT:64x784x512", "TN:784x512x64", "TN:512x512x64",
          "NN:1024x1024x1024"]


def operands(shape):
    form, dims = shape.split(":")
    m, n, k = map(int, dims.split("x"))
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (k, m) if form == "TN" else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if form == "NT" else (k, n)).astype(np.float32)
    a = a.T if form == "TN" else a      # a transposed view: BLAS gets the transpose flag, as we do
    b = b.T if form == "NT" else b
    return m, n, k, a, b


def main():
    try:
        from threadpoolctl import threadpool_info
        kernel = [p.get("internal_api") + " " + str(p.get("architecture")) for p in threadpool_info()]
    except ImportError:
        kernel = ["threadpoolctl not installed"]
    for shape in SHAPES:
        m, n, k, a, b = operands(shape)
        out = np.empty((m, n), dtype=np.float32)
        for _ in range(20):
            np.matmul(a, b, out=out)
        rates = []
        for _ in range(5):
            count = 0
            begin = time.perf_counter()
            while time.perf_counter() - begin < 0.5:
                np.matmul(a, b, out=out)
                count += 1
            rates.append(2 * m * n * k * count / (time.perf_counter() - begin) / 1e9)
        print(json.dumps({"system": "openblas", "shape": shape, "gflops": round(statistics.median(rates), 1),
                          "kernel": kernel}), flush=True)


if __name__ == "__main__":
    main()
