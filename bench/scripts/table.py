#!/usr/bin/python3
"""Turns the JSON lines of vs-pytorch.sh into a markdown table: samples/s and the ratio to PyTorch, and to DL4J where
the file has its lines (vs-pytorch.sh dl4j=true)."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
torch = {(r["model"], r["threads"], r["batch"]): r for r in rows if r["system"] == "pytorch"}
dl4j = {(r["model"], r["threads"], r["batch"]): r for r in rows if r["system"] == "dl4j"}


def peer(ref, r):
    """The peer's samples/s and vectorprop's ratio to it, or dashes where the peer did not run this configuration."""
    if not ref:
        return "–", "–"
    return f'{ref["samples_per_second"]:,.0f}', f'{r["samples_per_second"] / ref["samples_per_second"]:.2f}×'


head = "| model | batch | threads | kernels | samples/s | s/epoch | PyTorch samples/s | vectorprop / PyTorch |"
rule = "|---|---|---|---|---|---|---|---|"
if dl4j:
    head += " DL4J samples/s | vectorprop / DL4J |"
    rule += "---|---|"
print(head)
print(rule)
for r in rows:
    if r["system"] != "vectorprop":
        continue
    key = (r["model"], r["threads"], r["batch"])
    ref_rate, ratio = peer(torch.get(key), r)
    line = (f'| {r["model"]} | {r["batch"]} | {r["threads"]} | {r["kernels"]} | {r["samples_per_second"]:,.0f} '
            f'| {r["seconds_per_epoch"]:.2f} | {ref_rate} | {ratio} |')
    if dl4j:
        line += " %s | %s |" % peer(dl4j.get(key), r)
    print(line)
if dl4j:
    print()
    for threads in sorted({r["threads"] for r in dl4j.values()}):
        runs = [r for r in dl4j.values() if r["threads"] == threads]
        accuracies = [r["test_accuracy"] for r in runs if "test_accuracy" in r]
        print(f'DL4J, {threads} thread(s): {runs[0]["kernels"]}'
              + (f'; test accuracy {min(accuracies):.3f}–{max(accuracies):.3f}' if accuracies else ""))
