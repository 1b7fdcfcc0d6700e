#!/usr/bin/python3
"""PyTorch side of the inference comparison: 784-512-512-10, one thread, torch.no_grad().

Prints one JSON object: the median and p99 latency of one row, and samples/s at batch 256.
Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (and without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE).
"""
import json
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(),
                            torch.nn.Linear(512, 10), torch.nn.Softmax(dim=1)).eval()
rows = [torch.rand(1, 784) for _ in range(16)]  # 16 rows in turn, as the JMH benchmark takes them
batch = torch.rand(256, 784)
with torch.no_grad():
    for i in range(2000):
        model(rows[i % 16])
    latencies = []
    for i in range(20000):
        row = rows[i % 16]
        begin = time.perf_counter_ns()
        model(row)
        latencies.append(time.perf_counter_ns() - begin)
    latencies.sort()
    for _ in range(50):
        model(batch)
    rounds = 400
    begin = time.perf_counter()
    for _ in range(rounds):
        model(batch)
    seconds = time.perf_counter() - begin
print(json.dumps({"system": "pytorch", "one_row_p50_us": latencies[len(latencies) // 2] / 1000,
                  "one_row_p99_us": latencies[len(latencies) * 99 // 100] / 1000,
                  "batch256_samples_per_second": round(256 * rounds / seconds)}))
