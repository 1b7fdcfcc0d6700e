#!/usr/bin/python3
"""PyTorch side of the end-to-end comparison: the same models, data and batch sizes as EndToEnd.java.

PyTorch at its best: the optimizers' multi-tensor ("foreach") implementations, denormals flushed to zero (the
for-loop Adam spent ~6 ms of a ~10 ms step on this CPU), and the OpenBLAS core type vs-pytorch.sh found fastest.
Prints one JSON object per configuration. Set the thread environment before starting Python, e.g.
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=2 (PyTorch's fastest on 2 cores) or both 1.
Arguments: batches=16,32,64,128,256 repeats=3 threads-label=2 mlp=true small=true samples=60000
"""
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def options():
    opts = {"batches": "16,32,64,128,256", "repeats": "3", "threads-label": "1", "mlp": "true",
            "small": "true", "samples": "60000"}
    for arg in sys.argv[1:]:
        key, _, value = arg.partition("=")
        opts[key] = value
    return opts


def idx(name, offset):
    with gzip.open(os.path.join(DATA, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def epoch_seconds(model, x, y, loss_fn, optimizer, batch, generator):
    """One epoch over x in shuffled batches, after one warm-up epoch; returns seconds."""
    def epoch():
        order = torch.randperm(x.shape[0], generator=generator)
        for start in range(0, x.shape[0], batch):
            rows = order[start:start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[rows]), y[rows])
            loss.backward()
            optimizer.step()
    epoch()
    begin = time.perf_counter()
    epoch()
    return time.perf_counter() - begin


def report(model, threads, batch, rows, seconds, epoch_rows):
    per_second = rows / seconds
    print(json.dumps({"system": "pytorch", "model": model, "kernels": "torch-" + torch.__version__ + "-openblas-"
                      + (os.environ.get("OPENBLAS_CORETYPE") or "auto"),
                      "threads": threads, "batch": batch, "samples_per_second": round(per_second, 1),
                      "seconds_per_epoch": round(epoch_rows / per_second, 3)}), flush=True)


def main():
    opts = options()
    torch.set_flush_denormal(True)
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    threads = int(opts["threads-label"])
    repeats = int(opts["repeats"])
    if opts["mlp"] == "true":
        rows = int(opts["samples"])
        x = torch.from_numpy(idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:rows].astype(np.float32) / 255)
        y = torch.from_numpy(idx("train-labels-idx1-ubyte.gz", 8)[:rows].astype(np.int64))
        for batch in [int(b) for b in opts["batches"].split(",")]:
            times = []
            for _ in range(repeats):
                torch.manual_seed(0)
                model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),
                                            torch.nn.ReLU(), torch.nn.Linear(512, 10))
                optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=True)
                times.append(epoch_seconds(model, x, y, torch.nn.CrossEntropyLoss(), optimizer, batch,
                                           torch.Generator().manual_seed(0)))
            report("mnist-784-512-512-10", threads, batch, rows, statistics.median(times), 60000)
    if opts["small"] == "true":
        generator = torch.Generator().manual_seed(0)
        x = torch.randn(20000, 8, generator=generator)
        y = (torch.sin(x) * torch.arange(1, 9) / 8).sum(dim=1, keepdim=True) + 0.1 * torch.randn(20000, 1,
                                                                                                 generator=generator)
        for widths in ([8, 10, 5, 1], [8, 64, 64, 1]):
            times = []
            for _ in range(repeats):
                # tiny tensors: the for-loop SGD may beat the multi-tensor one; each repeat keeps the faster
                best = None
                for foreach in (True, False):
                    layers = []
                    for a, b in zip(widths[:-2], widths[1:-1]):
                        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
                    model = torch.nn.Sequential(*layers, torch.nn.Linear(widths[-2], widths[-1]))
                    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, foreach=foreach)
                    seconds = epoch_seconds(model, x, y, torch.nn.MSELoss(), optimizer, 32, generator)
                    best = seconds if best is None else min(best, seconds)
                times.append(best)
            report("regression-" + "-".join(map(str, widths)), 1, 32, 20000, statistics.median(times), 20000)


if __name__ == "__main__":
    main()
