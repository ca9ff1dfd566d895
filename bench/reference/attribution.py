"""PyTorch reference for bench/workloads/attribution.ts: the same math, vectorised the same way.

EG/IG: 100 inputs x 200 path points through a softplus MLP d-64-32-1 in one forward and one
backward pass, mean (and, for EG, mean of squares for the standard error), plus f(x) and
f(baselines) for the completeness gap. Saliency, gradient, gradient × input (captum's Saliency,
plain gradient, InputXGradient) and DeepLIFT (Rescale) and ε-LRP as modified chain rules on the
ReLUs (custom autograd functions, the rules pathlab uses) of 20 digits through a small CNN. Occlusion and Shapley sampling: the occluded / permuted
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
    "deepLift": "attribution: deepLift of 20 28×28 digits on a small CNN",
    "epsilonLrp": "attribution: epsilonLrp of 20 28×28 digits on a small CNN",
    "raw": "attribution: raw compiled input gradient of 20 28×28 digits on a small CNN (tf.grad alone)",
    "occlusion": "attribution: occlusion with 1×1 windows of one 28×28 digit on a small CNN (ms per image)",
    "shapley": "attribution: Shapley sampling with 5 permutations of the 784 pixels of one 28×28 digit on a small CNN (ms per image)",
}

# As many timed repetitions as the path workloads of bench/workloads/attribution.ts take.
PATH_REPEATS = 15
# The gradient-family rows take a few ms: more repetitions, as in bench/workloads/attribution.ts.
GRADIENT_REPEATS = 61


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


class RescaleReLU(torch.autograd.Function):
    """ReLU whose gradient is DeepLIFT's Rescale multiplier (Shrikumar et al., ICML 2017):
    rows [0, h) are the inputs, rows [h, 2h) their baselines, as in pathlab (and captum, which
    also runs inputs and baselines in one batch); where |z − z_ref| < 1e-5 the ordinary gradient."""

    @staticmethod
    def forward(ctx, z):
        y = z.clamp_min(0)
        ctx.save_for_backward(z, y)
        return y

    @staticmethod
    def backward(ctx, g):
        z, y = ctx.saved_tensors
        h = z.shape[0] // 2
        dz = z[:h] - z[h:]
        small = dz.abs() < 1e-5
        m = torch.where(small, (z[:h] > 0).to(z.dtype), (y[:h] - y[h:]) / torch.where(small, torch.ones_like(dz), dz))
        return torch.cat([g[:h] * m, torch.zeros_like(g[h:])])


class EpsilonReLU(torch.autograd.Function):
    """ReLU whose gradient is the ε-LRP ratio y / (z + ε·sign(z)), sign(0) = +1 (Bach et al. 2015)."""

    @staticmethod
    def forward(ctx, z):
        y = z.clamp_min(0)
        ctx.save_for_backward(z, y)
        return y

    @staticmethod
    def backward(ctx, g):
        z, y = ctx.saved_tensors
        sign = torch.where(z >= 0, torch.ones_like(z), -torch.ones_like(z))
        return g * y / (z + 1e-4 * sign)


class Rule(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, z):
        return self.fn.apply(z)


def with_rule(model, fn):
    """The same layers (same weights) with every ReLU's gradient replaced by `fn`'s; max-pooling
    keeps its ordinary gradient, as in pathlab's modified chain rule (DeepExplain's)."""
    return nn.Sequential(*[Rule(fn) if isinstance(m, nn.ReLU) else m for m in model])


def deeplift_run(model, x, ref):
    """DeepLIFT (Rescale) of output 3: one forward and backward pass of inputs and baselines, × (x − x')."""
    h = x.shape[0]
    z = torch.cat([x, ref.expand_as(x)]).requires_grad_(True)
    (g,) = torch.autograd.grad(model(z)[:h, 3].sum(), z)
    return (g[:h] * (x - ref)).numpy()


def epsilon_lrp_run(model, x):
    """ε-LRP of output 3: the modified backward pass, × x."""
    z = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(model(z)[:, 3].sum(), z)
    return (g * x).numpy()


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
        elif key in ("saliency", "gradient", "gradientXInput", "raw"):
            model = cnn().eval()
            x = torch.rand(20, 1, 28, 28)
            ms = median_ms(lambda: gradient_run(key, model, x), GRADIENT_REPEATS)
        elif key == "deepLift":
            model = with_rule(cnn().eval(), RescaleReLU)
            x = torch.rand(20, 1, 28, 28)
            ref = torch.zeros(1, 1, 28, 28)
            ms = median_ms(lambda: deeplift_run(model, x, ref), GRADIENT_REPEATS)
        elif key == "epsilonLrp":
            model = with_rule(cnn().eval(), EpsilonReLU)
            x = torch.rand(20, 1, 28, 28)
            ms = median_ms(lambda: epsilon_lrp_run(model, x), GRADIENT_REPEATS)
        else:
            model = cnn().eval()
            x = torch.rand(1, 1, 28, 28)
            ms = median_ms(lambda: occlusion_run(model, x) if key == "occlusion" else shapley_run(model, x), 5)
        report(name, round(ms, 2))


if __name__ == "__main__":
    main()
