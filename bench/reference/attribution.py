"""PyTorch reference for bench/workloads/attribution.ts: the same math, vectorised the same way.

EG/IG: 100 inputs x 200 path points through a softplus MLP d-64-32-1 in one forward and one
backward pass, mean (and, for EG, mean of squares for the standard error), plus f(x) and
f(baselines) for the completeness gap. Occlusion and Shapley sampling: the occluded / permuted
inputs of one 28x28 image through a small CNN in one batch.

Usage: python attribution.py --threads N [--only NAME[,NAME]]
Prints one JSON line {"workload": NAME, "ms": median} per workload.
"""
import torch
import torch.nn as nn

from common import median_ms, parse_args, report, softplus_mlp

NAMES = {
    ("eg", 30): "attribution: expected gradients of 100 inputs × 200 samples on MLP 30-64-32-1",
    ("ig", 30): "attribution: integrated gradients of 100 inputs × 200 samples on MLP 30-64-32-1",
    ("eg", 784): "attribution: expected gradients of 100 inputs × 200 samples on MLP 784-64-32-1",
    ("ig", 784): "attribution: integrated gradients of 100 inputs × 200 samples on MLP 784-64-32-1",
    "saliency": "attribution: saliency of 20 28×28 digits on a small CNN",
    "gradient": "attribution: gradient of 20 28×28 digits on a small CNN",
    "gradientXInput": "attribution: gradientXInput of 20 28×28 digits on a small CNN",
    "occlusion": "attribution: occlusion with 1×1 windows of one 28×28 digit on a small CNN (ms per image)",
    "shapley": "attribution: Shapley sampling with 5 permutations of the 784 pixels of one 28×28 digit on a small CNN (ms per image)",
}

# As many timed repetitions as the path workloads of bench/workloads/attribution.ts take.
PATH_REPEATS = 15


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 10),
    )


def path_run(method, model, x, bg, n=200):
    N, d = x.shape
    if method == "eg":
        refs = torch.randint(0, bg.shape[0], (N * n,))
        b = bg[refs].view(N, n, d)
        alpha = torch.rand(N, n, 1)
        w = torch.full((N, n, 1), 1.0 / n)
    else:
        b = torch.zeros(1, 1, d)
        alpha = torch.linspace(0, 1, n).view(1, n, 1).expand(N, n, 1)
        w = torch.full((N, n, 1), 1.0 / n)
    delta = x.view(N, 1, d) - b
    z = (b + alpha * delta).reshape(N * n, d).requires_grad_(True)
    (g,) = torch.autograd.grad(model(z).sum(), z)
    contrib = g.view(N, n, d) * delta
    phi = (contrib * w).sum(1)
    out = [phi]
    if method == "eg":
        out.append((contrib.square() * w).sum(1))
        out.append(contrib.sum(2))
    with torch.no_grad():
        out.append(model(x))
        out.append(model(bg if method == "eg" else b.view(1, d)))
    return [t.detach().numpy() for t in out]


def occlusion_run(model, x):
    d = 28 * 28
    masks = torch.eye(d).view(d, 1, 28, 28)
    with torch.no_grad():
        fx = model(x)[:, 3]
        occluded = model(x * (1 - masks))[:, 3]
        return ((fx - occluded) ).numpy()


def shapley_run(model, x, samples=5):
    d = 28 * 28
    rows = []
    for _ in range(samples):
        perm = torch.randperm(d)
        rank = torch.empty(d, dtype=torch.long)
        rank[perm] = torch.arange(d)
        on = (rank.view(1, d) < torch.arange(d + 1).view(d + 1, 1)).float()
        rows.append(x.view(1, d) * on)
    z = torch.cat(rows).view(-1, 1, 28, 28)
    with torch.no_grad():
        y = model(z)[:, 3].view(samples, d + 1)
        return (y[:, 1:] - y[:, :-1]).numpy()


def gradient_run(key, model, x):
    """captum's Saliency (|∂f₃/∂x|), raw gradient, InputXGradient: one forward and backward pass."""
    z = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(model(z)[:, 3].sum(), z)
    if key == "saliency":
        g = g.abs()
    elif key == "gradientXInput":
        g = g * x
    return g.numpy()


def main():
    a = parse_args()
    torch.manual_seed(0)
    only = set(s for s in a.only.split(",") if s)
    for key, name in NAMES.items():
        if only and name not in only:
            continue
        if isinstance(key, tuple):
            method, d = key
            model = softplus_mlp(d)
            x = torch.randn(100, d)
            bg = torch.randn(100, d)
            ms = median_ms(lambda: path_run(method, model, x, bg), PATH_REPEATS)
        elif key in ("saliency", "gradient", "gradientXInput"):
            model = cnn().eval()
            x = torch.rand(20, 1, 28, 28)
            ms = median_ms(lambda: gradient_run(key, model, x), PATH_REPEATS)
        else:
            model = cnn().eval()
            x = torch.rand(1, 1, 28, 28)
            ms = median_ms(lambda: occlusion_run(model, x) if key == "occlusion" else shapley_run(model, x), 5)
        report(name, round(ms, 2))


if __name__ == "__main__":
    main()
