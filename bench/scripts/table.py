#!/usr/bin/python3
"""Turns the JSON lines of vs-pytorch.sh into a markdown table: samples/s and the ratio to PyTorch."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
torch = {(r["model"], r["threads"], r["batch"]): r for r in rows if r["system"] == "pytorch"}
print("| model | batch | threads | kernels | samples/s | s/epoch | PyTorch samples/s | vectorprop / PyTorch |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    if r["system"] != "vectorprop":
        continue
    ref = torch.get((r["model"], r["threads"], r["batch"]))
    ratio = f'{r["samples_per_second"] / ref["samples_per_second"]:.2f}×' if ref else "–"
    ref_rate = f'{ref["samples_per_second"]:,.0f}' if ref else "–"
    print(f'| {r["model"]} | {r["batch"]} | {r["threads"]} | {r["kernels"]} | {r["samples_per_second"]:,.0f} '
          f'| {r["seconds_per_epoch"]:.2f} | {ref_rate} | {ratio} |')
