"""PyTorch reference of bench/workloads/engine.ts: the same math, timed the same way.

Usage: python3 engine.py --threads N [--only NAME[,NAME]] [--repeats R]
Prints one JSON line {"workload": NAME, "ms": median} per workload.
"""
import torch
import torch.nn.functional as F

from common import median_ms, parse_args, report

BATCH = 64


def mlp(sizes, gen):
    params = []
    for i in range(len(sizes) - 1):
        w = (torch.randn(sizes[i], sizes[i + 1], generator=gen) * (2.0 / sizes[i]) ** 0.5).requires_grad_()
        b = torch.zeros(sizes[i + 1], requires_grad=True)
        params += [w, b]

    def logits(x):
        h = x
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i + 2 < len(params):
                h = torch.relu(h)
        return h

    return params, logits


def batch(gen):
    x = torch.rand(BATCH, 784, generator=gen)
    labels = F.one_hot(torch.randint(0, 10, (BATCH,), generator=gen), 10).float()
    return x, labels


def softmax_cross_entropy(labels, logits):
    return -(labels * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()


def expected_gradients_in_loss(logits, x, labels):
    reference = torch.roll(x, shifts=-1, dims=0)  # row n uses row n+1, as the tfjs slice+concat
    alpha = torch.rand(x.shape[0], 1)
    delta = x - reference
    point = (reference + alpha * delta).requires_grad_()
    (grad,) = torch.autograd.grad((logits(point) * labels).sum(), point, create_graph=True)
    return delta * grad


def total_variation(phi):
    maps = phi.reshape(-1, 28, 28)
    dh = (maps[:, 1:, :] - maps[:, :-1, :]).abs().sum()
    dw = (maps[:, :, 1:] - maps[:, :, :-1]).abs().sum()
    return (dh + dw) / phi.shape[0]


def mlp_step(prior):
    gen = torch.Generator().manual_seed(0)
    params, logits = mlp([784, 512, 256, 10], gen)
    x, labels = batch(gen)
    opt = torch.optim.Adam(params, lr=1e-3)

    def run():
        opt.zero_grad(set_to_none=True)
        loss = softmax_cross_entropy(labels, logits(x))
        if prior:
            loss = loss + 0.1 * total_variation(expected_gradients_in_loss(logits, x, labels))
        loss.backward()
        opt.step()
        loss.item()

    return run


def conv_input_grad():
    gen = torch.Generator().manual_seed(0)
    w1 = torch.randn(32, 1, 5, 5, generator=gen) * (2 / 25) ** 0.5
    b1 = torch.full((32,), 0.01)
    w2 = torch.randn(64, 32, 5, 5, generator=gen) * (2 / 800) ** 0.5
    b2 = torch.full((64,), 0.01)
    x0 = torch.rand(BATCH, 1, 28, 28, generator=gen)

    def run():
        x = x0.clone().requires_grad_()
        h = torch.relu(F.conv2d(x, w1, b1, padding=2))
        # TF 'same' with stride 2 on 28 pads 1 before and 2 after.
        h = torch.relu(F.conv2d(F.pad(h, (1, 2, 1, 2)), w2, b2, stride=2))
        (g,) = torch.autograd.grad(h.sum(), x)
        g.sum().item()

    return run


def matmul():
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(1024, 1024, generator=gen)
    b = torch.randn(1024, 1024, generator=gen)

    def run():
        (a @ b)[0, 0].item()

    return run


WORKLOADS = {
    "mlp-adam-step": lambda: mlp_step(False),
    "mlp-adam-step-eg-tv": lambda: mlp_step(True),
    "conv-forward-input-grad": conv_input_grad,
    "matmul-1024": matmul,
}


def main():
    args = parse_args(repeats=10)
    names = [n for n in args.only.split(",") if n] or list(WORKLOADS)
    for name in names:
        if name not in WORKLOADS:
            continue
        report(name, median_ms(WORKLOADS[name](), args.repeats, warmup=3))


if __name__ == "__main__":
    main()
