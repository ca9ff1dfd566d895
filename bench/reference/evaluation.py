"""captum's infidelity and sensitivity_max on a fixed model, for test/explain/evaluation.

The model is a tanh MLP 4-8-1 with weights drawn here and written to the fixture, so that the
TypeScript test builds the same network. Every random draw (the perturbations) is made here with
numpy and written to the fixture too; captum receives them through its `perturb_func` hook, and
pathlab through its `perturbation` function option, so both compute the metric on the same draws.
Rows of the draws follow captum's layout: the n_perturb_samples copies of input i are rows
i*n .. i*n+n-1 (repeat_interleave).

captum is not installable here; fetch github:pytorch/captum, put its package on PYTHONPATH only
while running this script, and commit none of it:

    PYTHONPATH=/path/to/captum python3 bench/reference/evaluation.py \
        > test/explain/evaluation/fixtures/captum.json
"""
import json

import numpy as np
import torch
from captum.metrics import infidelity, infidelity_perturb_func_decorator, sensitivity_max

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20191)

D, H, N, S = 4, 8, 3, 10
W1 = rng.normal(0, 0.8, (D, H))
B1 = rng.normal(0, 0.3, (H,))
W2 = rng.normal(0, 0.8, (H, 1))
B2 = rng.normal(0, 0.3, (1,))
X = rng.normal(0, 1.0, (N, D))
BASELINE = np.zeros((1, D))


def model(x):
    return (torch.tanh(x @ torch.tensor(W1) + torch.tensor(B1)) @ torch.tensor(W2) + torch.tensor(B2)).reshape(-1)


def grad(x):
    # sensitivity_max hands a tuple of input tensors and runs under no_grad.
    if isinstance(x, tuple):
        (x,) = x
    with torch.enable_grad():
        x = x.detach().clone().requires_grad_(True)
        (g,) = torch.autograd.grad(model(x).sum(), x)
    return g


def saliency(x):
    return grad(x).abs()


def gradient_x_input(x):
    if isinstance(x, tuple):
        (x,) = x
    return grad(x) * x


def as_explanation_func(fn):
    # sensitivity_max iterates over what the explanation returns, as a tuple per input tensor.
    return lambda x: (fn(x),) if isinstance(x, tuple) else fn(x)


inputs = torch.tensor(X)
gxi = gradient_x_input(inputs)
sal = saliency(inputs)
out = {
    "model": {"W1": W1.tolist(), "b1": B1.tolist(), "W2": W2.tolist(), "b2": B2.tolist()},
    "inputs": X.tolist(),
    "numSamples": S,
    "gradientXInput": gxi.tolist(),
    "saliency": sal.tolist(),
    "infidelity": [],
    "sensitivityMax": [],
}

# Infidelity: Gaussian noise (local attributions: perturbation = x - x_perturbed) and a random
# subset of features set to the baseline (global attributions: perturbation divided by x - x').
noise = rng.normal(0, 0.3, (N * S, D))
mask = (rng.uniform(size=(N * S, D)) < 0.5).astype(np.float64)
expanded = np.repeat(X, S, axis=0)
cases = [
    ("gaussian", expanded - noise, False, sal),
    ("baseline", expanded * (1 - mask) + BASELINE * mask, True, gxi),
]
for name, perturbed, multiply, attributions in cases:
    for normalize in (False, True):
        @infidelity_perturb_func_decorator(multiply)
        def perturb(x, baselines=None, perturbed=perturbed):
            return torch.tensor(perturbed)

        value = infidelity(
            model, perturb, inputs, attributions,
            baselines=torch.tensor(BASELINE) if multiply else None,
            n_perturb_samples=S, normalize=normalize,
        )
        out["infidelity"].append({
            "perturbation": name,
            "attributions": "gradientXInput" if attributions is gxi else "saliency",
            "multiplyByInputs": multiply,
            "normalize": normalize,
            "perturbedInputs": perturbed.tolist(),
            "values": value.tolist(),
        })

# sensitivity_max: uniform noise in the L-infinity ball of the radius, as captum's default
# perturbation draws it (here drawn by numpy and handed over).
for radius in (0.02, 0.5):
    u = rng.uniform(-radius, radius, (N * S, D))
    for name, fn in (("saliency", saliency), ("gradientXInput", gradient_x_input)):
        def perturb(x, r=radius, u=u):
            return x + torch.tensor(u)

        value = sensitivity_max(as_explanation_func(fn), inputs, perturb_func=perturb, perturb_radius=radius, n_perturb_samples=S)
        out["sensitivityMax"].append({
            "method": name,
            "radius": radius,
            "perturbedInputs": (expanded + u).tolist(),
            "values": value.tolist(),
        })

print(json.dumps(out))
