"""PyTorch reference of bench/workloads/priors.ts: one Adam step on task loss + λ·TV(EG).

Expected gradients inside the loss: one reference per example from a shuffle of the batch,
α ~ U(0,1), the attribution of the labelled logit, differentiated again for the weights
(create_graph=True). Prints one JSON line {"workload": NAME, "ms": median} per workload.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import median_ms, parse_args, report

MLP_STEP = "priors: MLP 784-512-256-10 B=64 Adam step"
MLP_TV = "priors: MLP 784-512-256-10 B=64 Adam step + TV prior on EG"
CNN_TV = "priors: mnist CNN B=50 Adam step + TV prior on EG"


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 64, 1024), nn.ReLU(), nn.Linear(1024, 10),
    )


def total_variation(phi):
    # phi: [N, C, H, W]; channel-summed map, mean over the batch.
    m = phi.sum(1)
    dh = (m[:, 1:, :] - m[:, :-1, :]).abs().sum()
    dw = (m[:, :, 1:] - m[:, :, :-1]).abs().sum()
    return (dh + dw) / phi.shape[0]


def make_step(build, batch, prior):
    torch.manual_seed(0)
    model = build()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    lam = 0.01

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        if prior:
            ref = x[torch.randperm(batch)]
            alpha = torch.rand(batch, 1, 1, 1)
            delta = x - ref
            z = (ref + alpha * delta).requires_grad_(True)
            selected = model(z).gather(1, y[:, None]).sum()
            (grad,) = torch.autograd.grad(selected, z, create_graph=True)
            loss = loss + lam * total_variation(delta * grad)
        loss.backward()
        opt.step()

    return step


WORKLOADS = {
    MLP_STEP: (mlp, 64, False, 20),
    MLP_TV: (mlp, 64, True, 20),
    CNN_TV: (cnn, 50, True, 7),
}


def main():
    args = parse_args()
    names = [n for n in args.only.split(",") if n] or list(WORKLOADS)
    for name in names:
        if name not in WORKLOADS:
            continue
        build, batch, prior, repeats = WORKLOADS[name]
        report(name, median_ms(make_step(build, batch, prior), repeats, warmup=2))


if __name__ == "__main__":
    main()
