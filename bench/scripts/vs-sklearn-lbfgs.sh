#!/usr/bin/env bash
# vectorprop's full-batch L-BFGS and CG against scikit-learn's MLP with solver='lbfgs': California housing (R²)
# and sklearn's digits (accuracy), the same 80/20 splits written to CSV for both, the same 64-64 ReLU network and initialization,
# iterations and L2, one thread each. Prints a Markdown table.
# Usage: bench/scripts/vs-sklearn-lbfgs.sh [iterations=200] [seeds=0,1,2]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
/usr/bin/python3 -c "import sklearn" 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn >&2
work="$root/bench/target/vs-sklearn"
mkdir -p "$work"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
/usr/bin/python3 "$root/bench/scripts/sklearn_lbfgs.py" "$root" "$work" "$@"
