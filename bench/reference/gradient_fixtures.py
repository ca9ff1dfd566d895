"""Reference numbers for DeepLIFT (Rescale) and ε-LRP, computed once in plain PyTorch with the
modified ReLU gradients of bench/reference/attribution.py on fixed weights, and written to
test/explain/fixtures/gradient_reference.json (the test rebuilds the same CNN in tfjs from the
weights stored there). Checks that the bench's PyTorch rows compute what pathlab computes.

    python3 bench/reference/gradient_fixtures.py
"""
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
from attribution import EpsilonReLU, RescaleReLU, deeplift_run, epsilon_lrp_run, with_rule  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "explain", "fixtures", "gradient_reference.json")

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(4 * 4 * 4, 3),
).eval()
with torch.no_grad():
    for p in model.parameters():
        p.mul_(2.0)
images = torch.rand(3, 1, 8, 8) * 2 - 1
baseline = torch.full((1, 1, 8, 8), 0.25)


def nhwc(t):
    return t.permute(0, 2, 3, 1).numpy() if isinstance(t, torch.Tensor) else t.transpose(0, 2, 3, 1)


def at_output(run, target):
    # attribution.py's functions explain output 3; pick `target` by a linear head in front of it.
    pick = nn.Linear(3, 4, bias=False)
    with torch.no_grad():
        pick.weight.zero_()
        pick.weight[3, target] = 1.0
    return run(pick)


target = 1
deeplift = at_output(lambda pick: deeplift_run(nn.Sequential(*with_rule(model, RescaleReLU), pick), images, baseline), target)
lrp = at_output(lambda pick: epsilon_lrp_run(nn.Sequential(*with_rule(model, EpsilonReLU), pick), images), target)

conv = model[0]
# The dense layer sees tfjs' flatten order (h, w, c): permute its input columns from torch's (c, h, w).
W = model[4].weight.detach().reshape(3, 4, 4, 4).permute(2, 3, 1, 0).reshape(64, 3)
fixture = {
    "torch": torch.__version__,
    "conv": {"kernel": conv.weight.detach().permute(2, 3, 1, 0).numpy().ravel().tolist(), "bias": conv.bias.detach().numpy().tolist()},
    "dense": {"kernel": W.numpy().ravel().tolist(), "bias": model[4].bias.detach().numpy().tolist()},
    "images": nhwc(images).ravel().tolist(),
    "baseline": 0.25,
    "target": target,
    "deepLift": nhwc(deeplift).ravel().tolist(),
    "epsilonLrp": nhwc(lrp).ravel().tolist(),
}
with open(OUT, "w") as fh:
    json.dump(fixture, fh)
print("wrote", os.path.relpath(OUT))
