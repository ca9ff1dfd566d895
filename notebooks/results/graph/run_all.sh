#!/usr/bin/env bash
# Full-mode graph notebook, one condition per process so each finished condition is kept.
# Usage: run_all.sh TAG CONDITION...
cd /work/wt/graphbench
tag=$1; shift
for c in "$@"; do
  name=$(echo "$c" | tr -c 'a-z0-9\n' '_')
  node dist/kernel/cli.js run notebooks/graph.ipynb -p "conditions=$c" --out "/work/wt/graphbench/out/graph/$name" --timeout 7200 > "out/graph/$name.log" 2>&1
done
