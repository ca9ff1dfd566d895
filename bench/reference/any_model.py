"""References for bench/workloads/anyModel.ts.

KernelSHAP: shap's KernelExplainer on the softplus MLP 30-64-32-1 (PyTorch, evaluated through a
NumPy function), 100 rows, nsamples=2000, 100 background rows. Grad-CAM / Guided Grad-CAM:
captum's LayerGradCam (+ bilinear interpolation to 28×28) and GuidedGradCam on the small CNN of
the workload, 20 digits. captum is not a dependency: put its sources on PYTHONPATH to time those
two rows (they are skipped otherwise).

Usage: python any_model.py --threads N [--only NAME[,NAME]]
"""
import numpy as np
import torch
import torch.nn as nn

from common import median_ms, parse_args, report, softplus_mlp

NAMES = {
    "kernelshap": "any model: KernelSHAP of 100 rows × 30 features, 2,000 coalitions, 100 background rows, MLP 30-64-32-1",
    "gradcam": "any model: Grad-CAM of 20 digits (conv2 of a small CNN)",
    "guided": "any model: Guided Grad-CAM of 20 digits (conv2 of a small CNN)",
}


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU())
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Sequential(nn.Conv2d(8, 16, 3), nn.ReLU())
        self.pool2 = nn.MaxPool2d(2)
        self.out = nn.Linear(16 * 5 * 5, 10)

    def forward(self, x):
        return self.out(self.pool2(self.conv2(self.pool1(self.conv1(x)))).flatten(1))


def wanted(args, key):
    return not args.only or any(o in NAMES[key] for o in args.only.split(","))


def main():
    args = parse_args()
    if wanted(args, "kernelshap"):
        import shap

        torch.manual_seed(0)
        model = softplus_mlp(30).eval()
        x = np.random.RandomState(1).randn(100, 30).astype(np.float32)
        bg = np.random.RandomState(2).randn(100, 30).astype(np.float32)

        def f(a):
            with torch.no_grad():
                return model(torch.from_numpy(np.asarray(a, dtype=np.float32))).numpy()[:, 0]

        explainer = shap.KernelExplainer(f, bg)
        report(NAMES["kernelshap"], median_ms(lambda: explainer.shap_values(x, nsamples=2000, silent=True), 1, warmup=0))
    try:
        from captum.attr import GuidedGradCam, LayerAttribution, LayerGradCam
    except ImportError:
        return
    torch.manual_seed(0)
    cnn = Cnn().eval()
    digits = torch.rand(20, 1, 28, 28)
    if wanted(args, "gradcam"):
        gc = LayerGradCam(cnn, cnn.conv2)

        def run():
            a = gc.attribute(digits, target=3, relu_attributions=True)
            LayerAttribution.interpolate(a, (28, 28), "bilinear")

        report(NAMES["gradcam"], median_ms(run, 9))
    if wanted(args, "guided"):
        ggc = GuidedGradCam(cnn, cnn.conv2)
        report(NAMES["guided"], median_ms(lambda: ggc.attribute(digits, target=3, interpolate_mode="bilinear"), 9))


if __name__ == "__main__":
    import warnings

    warnings.filterwarnings("ignore")
    main()
