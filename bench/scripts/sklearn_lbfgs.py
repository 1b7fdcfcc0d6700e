"""Full-batch L-BFGS and CG in vectorprop against scikit-learn's MLP with solver='lbfgs', on the same splits.

Writes each data set's train/test CSVs, fits sklearn on them and runs `vectorprop train` on the same files with
the same architecture, iterations and L2 (sklearn's alpha, converted to vectorprop's --l2), one thread each.
Prints a Markdown table of training time and test metric.
Usage: python3 sklearn_lbfgs.py ROOT WORKDIR [iterations=200] [seeds=0,1,2]
"""
import csv
import json
import os
import subprocess
import sys
import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

root, work = sys.argv[1], sys.argv[2]
args = dict(a.split("=", 1) for a in sys.argv[3:])
iterations = int(args.get("iterations", 200))
seeds = [int(s) for s in args.get("seeds", "0,1,2").split(",")]
ALPHA = 1e-4  # sklearn's default
HIDDEN = (64, 64)


def housing():
    """The bundled California housing: rows with a missing cell dropped, ocean_proximity one-hot."""
    path = os.path.join(root, "samples/src/main/resources/dev/vectorprop/samples/california_housing.csv")
    with open(path) as f:
        rows = [r for r in csv.DictReader(f) if all(v != "" for v in r.values())]
    places = sorted({r["ocean_proximity"] for r in rows})
    numeric = [c for c in rows[0] if c not in ("median_house_value", "ocean_proximity")]
    names = numeric + ["ocean_" + p.replace(" ", "_").replace("<", "lt") for p in places]
    x = np.array([[float(r[c]) for c in numeric] + [float(r["ocean_proximity"] == p) for p in places] for r in rows])
    y = np.array([float(r["median_house_value"]) for r in rows])
    return names, x, y, "median_house_value"


def digits():
    d = load_digits()
    return ["pixel%d" % i for i in range(64)], d.data, d.target, "digit"


def split(x, y, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    cut = int(0.8 * len(y))
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]


def write(path, names, target, x, y, integer):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(names + [target])
        for features, label in zip(x, y):
            out.writerow([repr(float(v)) for v in features] + [int(label) if integer else repr(float(label))])


def sklearn(task, xtr, ytr, xte, yte, seed):
    scaler = StandardScaler().fit(xtr)
    xtr, xte = scaler.transform(xtr), scaler.transform(xte)
    common = dict(hidden_layer_sizes=HIDDEN, solver="lbfgs", alpha=ALPHA, max_iter=iterations, tol=0,
                  random_state=seed)
    if task == "regression":
        # vectorprop z-scores regression targets; so does this, for the same problem
        ys = StandardScaler().fit(ytr.reshape(-1, 1))
        model = MLPRegressor(**common)
        started = time.perf_counter()
        model.fit(xtr, ys.transform(ytr.reshape(-1, 1)).ravel())
        seconds = time.perf_counter() - started
        predicted = ys.inverse_transform(model.predict(xte).reshape(-1, 1)).ravel()
        return seconds, r2_score(yte, predicted), model.n_iter_
    model = MLPClassifier(**common)
    started = time.perf_counter()
    model.fit(xtr, ytr)
    seconds = time.perf_counter() - started
    return seconds, accuracy_score(yte, model.predict(xte)), model.n_iter_


def vectorprop(task, names, target, rows, train, test, optimizer, seed):
    # sklearn minimises mean loss + alpha/(2n)·‖W‖², with ½·squared error for regression; vectorprop mean loss
    # + l2/2·‖W‖², with the full squared error: the same minimum for l2 = alpha/n, twice that for regression.
    l2 = ALPHA / rows * (2 if task == "regression" else 1)
    command = [os.path.join(root, "vectorprop"), "train", "--data", train, "--test", test, "--target", target,
               "--task", task, "--layers", ",".join(str(w) for w in (len(names),) + HIDDEN + (
                   1 if task == "regression" else 10,)),
               "--init", "glorot",  # sklearn's: uniform on ±sqrt(6 / (fan_in + fan_out))
               "--optimizer", optimizer[0], *optimizer[1:], "--epochs", str(iterations), "--l2", repr(l2),
               "--gradient-tolerance", "0", "--threads", "1", "--seed", str(seed), "--quiet", "--json"]
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
    metric = result["test"]["r2"] if task == "regression" else result["test"]["accuracy"]
    return result["seconds"], metric, result["epochs"]


rows_out = []
for name, load, task in (("California housing", housing, "regression"), ("digits", digits, "classification")):
    names, x, y, target = load()
    results = {}
    for seed in seeds:
        xtr, ytr, xte, yte = split(x, y, seed)
        train = os.path.join(work, "%s-%d-train.csv" % (task, seed))
        test = os.path.join(work, "%s-%d-test.csv" % (task, seed))
        write(train, names, target, xtr, ytr, task == "classification")
        write(test, names, target, xte, yte, task == "classification")
        runs = {"sklearn lbfgs": lambda: sklearn(task, xtr, ytr, xte, yte, seed)}
        for label, optimizer in (("vectorprop lbfgs", ["lbfgs"]), ("vectorprop cg (pr)", ["cg"]),
                                 ("vectorprop cg (fr)", ["cg", "--cg-method", "fr"])):
            runs[label] = lambda o=optimizer: vectorprop(task, names, target, len(ytr), train, test, o, seed)
        for label, run in runs.items():
            results.setdefault(label, []).append(run())
            print(name, seed, label, results[label][-1], file=sys.stderr, flush=True)
    for label, measured in results.items():
        seconds, metric, done = (np.array([m[i] for m in measured]) for i in range(3))
        rows_out.append("| %s | %s | %.0f | %.2f | %.4f ± %.4f |" % (
            name, label, done.mean(), seconds.mean(), metric.mean(), metric.std()))

print("| data (metric on test) | solver | iterations | train seconds | R² or accuracy, mean ± sd over %d splits |"
      % len(seeds))
print("|---|---|---|---|---|")
print("\n".join(r.replace("California housing |", "California housing (R²) |").replace(
    "digits |", "digits (accuracy) |") for r in rows_out))
