"""Reference numbers for the any-model methods, computed once with captum 0.8 and shap on fixed
weights and written to test/explain/fixtures/any_model_reference.json (tests rebuild the same
models in tfjs from the weights stored there).

captum is not a dependency: fetch its sources and put them on PYTHONPATH only to run this, e.g.
    PYTHONPATH=/path/to/captum-sources python3 bench/reference/any_model_fixtures.py
Needs torch, numpy, shap and scikit-learn (captum's Lime with a linear regression).
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

import captum
import shap
from captum._utils.models.linear_model import SkLearnLinearRegression
from captum.attr import GuidedBackprop, GuidedGradCam, LayerAttribution, LayerConductance, LayerGradCam, Lime

torch.manual_seed(0)
np.random.seed(0)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "explain", "fixtures", "any_model_reference.json")




class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 3, 3), nn.ReLU())
        self.conv2 = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU())
        self.out = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        return self.out(self.conv2(self.conv1(x)).flatten(1))


def mlp(d, h):
    return nn.Sequential(nn.Linear(d, h), nn.Softplus(), nn.Linear(h, 1))


def conv_weights(conv):
    # torch [out, in, kh, kw] -> tfjs [kh, kw, in, out]
    return {"kernel": conv.weight.detach().permute(2, 3, 1, 0).numpy().ravel().tolist(), "bias": conv.bias.detach().numpy().tolist()}


def nhwc(t):
    return t.detach().permute(0, 2, 3, 1).numpy()


model = Cnn().eval()
with torch.no_grad():
    for p in model.parameters():
        p.mul_(2.0)
images = torch.rand(2, 1, 8, 8)
# The dense layer sees tfjs' flatten order (h, w, c): permute its input columns from torch's (c, h, w).
W = model.out.weight.detach().reshape(3, 4, 4, 4).permute(2, 3, 1, 0).reshape(64, 3)
target = 1

gc = LayerGradCam(model, model.conv2).attribute(images, target=target, relu_attributions=True)
gc_up = LayerAttribution.interpolate(gc, (8, 8), "bilinear")
gb = GuidedBackprop(model).attribute(images, target=target)
ggc = GuidedGradCam(model, model.conv2).attribute(images, target=target, interpolate_mode="bilinear")
cond = LayerConductance(model, model.conv1).attribute(images, target=target, n_steps=20)

fixture = {
    "captum": captum.__version__,
    "shap": shap.__version__,
    "cnn": {
        "conv1": conv_weights(model.conv1[0]),
        "conv2": conv_weights(model.conv2[0]),
        "dense": {"kernel": W.numpy().ravel().tolist(), "bias": model.out.bias.detach().numpy().tolist()},
        "images": nhwc(images).ravel().tolist(),
        "target": target,
        "gradCam": nhwc(gc_up).ravel().tolist(),
        "gradCamLayer": nhwc(gc).ravel().tolist(),
        "guidedBackprop": nhwc(gb).ravel().tolist(),
        "guidedGradCam": nhwc(ggc).ravel().tolist(),
        "layerConductance": nhwc(cond).ravel().tolist(),
    },
}


def mlp_fixture(d, h, n_bg, nsamples, seed):
    torch.manual_seed(seed)
    net = mlp(d, h).eval()
    x = torch.randn(2, d)
    bg = torch.randn(n_bg, d) * 0.5
    f = lambda a: net(torch.tensor(a, dtype=torch.float32)).detach().numpy()[:, 0]
    explainer = shap.KernelExplainer(f, bg.numpy())
    phi = explainer.shap_values(x.numpy(), nsamples=nsamples, silent=True)
    return net, x, bg, np.asarray(phi)


def dense_weights(net):
    return [
        {"kernel": net[0].weight.detach().T.numpy().ravel().tolist(), "bias": net[0].bias.detach().numpy().tolist()},
        {"kernel": net[2].weight.detach().T.numpy().ravel().tolist(), "bias": net[2].bias.detach().numpy().tolist()},
    ]


for name, d, nsamples in [("kernelShapExact", 6, 2048), ("kernelShapSampled", 10, 600)]:
    net, x, bg, phi = mlp_fixture(d, 8, 5, nsamples, 1 if d == 6 else 2)
    fixture[name] = {"d": d, "h": 8, "layers": dense_weights(net), "x": x.numpy().tolist(), "background": bg.numpy().tolist(), "nsamples": nsamples, "shap": phi.tolist()}

torch.manual_seed(3)
net = mlp(6, 8).eval()
x = torch.randn(1, 6)
lime = Lime(net, interpretable_model=SkLearnLinearRegression())
coefs = lime.attribute(x, target=0, n_samples=8000, baselines=0.0)
fixture["lime"] = {"d": 6, "h": 8, "layers": dense_weights(net), "x": x.numpy().tolist(), "nSamples": 8000, "captum": coefs.detach().numpy().ravel().tolist()}

with open(OUT, "w") as fh:
    json.dump(fixture, fh)
print("wrote", os.path.relpath(OUT))
