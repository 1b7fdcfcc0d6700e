#!/usr/bin/env python3
"""Writes the ONNX files OnnxPyTorchTest imports, with PyTorch's outputs for fixed rows.

Run from the onnx module with Debian's PyTorch (python3-torch, 1.13):
    /usr/bin/python3 src/test/python/make_fixtures.py src/test/resources/pytorch

For each model NAME it writes NAME.onnx (torch.onnx.export, eval mode, a dynamic batch dimension), NAME.rows.txt
(the input rows, flattened, one per line) and NAME.outputs.txt (PyTorch's outputs for them, one row per line),
floats written with repr() of their float32 value so they read back exactly.
"""
import os
import sys

import torch
from torch import nn


class MatMulAdd(nn.Module):
    """x @ W + b on explicit parameters: exported as MatMul and Add, the shape tf2onnx writes for Keras' Dense."""

    def __init__(self, inputs, outputs):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(inputs, outputs) * 0.4)
        self.bias = nn.Parameter(torch.randn(outputs) * 0.5)

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


def warm_up_batch_norm(model, shape):
    """A few training-mode passes, so that the running statistics are not their initial 0 and 1."""
    model.train()
    with torch.no_grad():
        for _ in range(5):
            model(torch.randn(*shape) * 2 + 0.5)
    model.eval()


def randomize_biases(model):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Linear):
                module.bias.uniform_(-0.5, 0.5)
            if isinstance(module, nn.BatchNorm1d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.5, 0.5)


def save(directory, name, model, input_shape, opset):
    model.eval()
    rows = torch.randn(5, *input_shape[1:]) * 1.5
    with torch.no_grad():
        outputs = model(rows)
    path = os.path.join(directory, name + ".onnx")
    torch.onnx.export(model, rows, path, opset_version=opset, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}}, do_constant_folding=True)
    with open(os.path.join(directory, name + ".rows.txt"), "w") as f:
        for row in rows.reshape(rows.shape[0], -1).tolist():
            f.write(" ".join(repr(float(torch.tensor(v, dtype=torch.float32))) for v in row) + "\n")
    with open(os.path.join(directory, name + ".outputs.txt"), "w") as f:
        for row in outputs.tolist():
            f.write(" ".join(repr(v) for v in row) + "\n")
    print(name, os.path.getsize(path), "bytes")


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/pytorch"
    os.makedirs(directory, exist_ok=True)
    torch.manual_seed(13)
    # nn.Linear as Gemm with transB = 1, Dropout removed in eval mode; the same model in every operator set
    mlp = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 12), nn.Sigmoid(),
                        nn.Linear(12, 4), nn.Softmax(dim=1))
    randomize_biases(mlp)
    for opset in range(11, 18):
        save(directory, "gemm_relu_softmax_opset%d" % opset, mlp, (5, 8), opset)
    # MatMul + Add pairs, tanh and hard-tanh (Clip with min and max as inputs)
    matmul = nn.Sequential(MatMulAdd(6, 10), nn.Tanh(), MatMulAdd(10, 7), nn.Hardtanh(), MatMulAdd(7, 2))
    save(directory, "matmul_add_tanh_opset13", matmul, (5, 6), 13)
    # Flatten of images, BatchNorm1d (ε 1e-3, folded into the variance on import), LogSoftmax
    flatten = nn.Sequential(nn.Flatten(), nn.Linear(16, 10), nn.BatchNorm1d(10, eps=1e-3), nn.ReLU(),
                            nn.Linear(10, 3), nn.LogSoftmax(dim=1))
    randomize_biases(flatten)
    warm_up_batch_norm(flatten, (64, 1, 4, 4))
    save(directory, "flatten_batchnorm_logsoftmax_opset11", flatten, (5, 1, 4, 4), 11)
    save(directory, "flatten_batchnorm_logsoftmax_opset16", flatten, (5, 1, 4, 4), 16)
    # a regression: BatchNorm1d at the input, tanh, one output
    regression = nn.Sequential(nn.BatchNorm1d(5), nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 1))
    randomize_biases(regression)
    warm_up_batch_norm(regression, (64, 5))
    save(directory, "batchnorm_first_regression_opset14", regression, (5, 5), 14)


if __name__ == "__main__":
    main()
