"""Helpers shared by the PyTorch references: the command line, timing and the JSON line.

Every reference accepts --threads N --only NAME[,NAME] and prints one JSON line
{"workload": NAME, "ms": median} per workload it ran.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


def parse_args(repeats=None):
    """Parses --threads and --only (and --repeats when given a default) and sets torch's threads."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", default="")
    if repeats is not None:
        ap.add_argument("--repeats", type=int, default=repeats)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    return args


def median_ms(fn, repeats, warmup=1):
    """Median wall time of `repeats` calls of fn after `warmup` untimed ones, in ms."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def report(name, ms):
    print(json.dumps({"workload": name, "ms": ms}), flush=True)


def softplus_mlp(d):
    """The softplus MLP d-64-32-1 of the attribution and interaction workloads."""
    return nn.Sequential(nn.Linear(d, 64), nn.Softplus(), nn.Linear(64, 32), nn.Softplus(), nn.Linear(32, 1))
