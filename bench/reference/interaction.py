"""PyTorch reference for bench/workloads/interaction.ts: Expected Hessians, the same math.

20 inputs x 200 draws of (reference row, alpha, beta) through a softplus MLP d-64-32-1: every
path point z = x' + alpha*beta*(x - x') is replicated d times and sum_r d_{j(r)} f is
differentiated once more over the replicated batch (the batched double backward), chunked to a
bounded number of replicated rows. Gamma = mean(alpha*beta * D_i D_j H_ij) + diag(mean(D * grad)),
plus the diagnostics pathlab reports: Expected Gradients from the same draws (the gradient at
x' + alpha*(x - x')), f at the references, per-point row sums and their standard errors.

Usage: python interaction.py --threads N [--only NAME[,NAME]]
Prints one JSON line {"workload": NAME, "ms": median} per workload.
"""
import torch

from common import median_ms, parse_args, report, softplus_mlp

NAMES = {}
for d in (30, 100):
    NAMES[f"interaction: expected Hessians 20 inputs × 200 samples MLP {d}-64-32-1"] = d
    NAMES[f"interaction: expected Hessians (autodiff engine) 20 inputs × 200 samples MLP {d}-64-32-1"] = d

# Replicated rows per pass (whole inputs per pass, so per-input sums are reshapes). On this
# machine passes of 10k-100k rows were within noise of each other; 200k+ rows were slower.
ROWS_PER_PASS = 20_000


def expected_hessians(model, x, bg, n=200):
    N, d = x.shape
    refs = torch.randint(0, bg.shape[0], (N * n,))
    b = bg[refs].view(N, n, d)
    alpha = torch.rand(N, n, 1)
    beta = torch.rand(N, n, 1)
    delta = x.view(N, 1, d) - b
    z_all = (b + alpha * beta * delta).reshape(N * n, d)
    y_all = (b + alpha * delta).reshape(N * n, d)
    c_all = (alpha * beta).reshape(N * n)
    delta_all = delta.reshape(N * n, d)
    b_all = b.reshape(N * n, d)
    eye = torch.eye(d)
    sums = []
    stats = []
    inputs_per_pass = max(1, ROWS_PER_PASS // (d * n))
    for i0 in range(0, N, inputs_per_pass):
        k = min(inputs_per_pass, N - i0)
        s, e = i0 * n, (i0 + k) * n
        p = e - s
        z = z_all[s:e]
        dl = delta_all[s:e]
        c = c_all[s:e]
        zr = z.repeat_interleave(d, 0).requires_grad_(True)
        (g,) = torch.autograd.grad(model(zr).sum(), zr, create_graph=True)
        seed = (eye.view(1, d, d) * dl.view(p, 1, d)).reshape(p * d, d)
        (q,) = torch.autograd.grad((g * seed).sum(), zr)
        q = q.view(p, d, d)
        gz = g.detach().view(p, d, d)[:, 0, :]
        dterm = dl * gz
        weighted = q * (dl * (c / n).view(p, 1)).view(p, 1, d)
        gamma = weighted.view(k, n, d, d).sum(1) + torch.diag_embed((dterm / n).view(k, n, d).sum(1))
        sums.append(gamma)
        rowsum = torch.bmm(q, dl.view(p, d, 1)).view(p, d) * c.view(p, 1) + dterm
        yy = y_all[s:e].clone().requires_grad_(True)
        (gy,) = torch.autograd.grad(model(yy).sum(), yy)
        phi = dl * gy
        with torch.no_grad():
            fr = model(b_all[s:e])
        st = torch.cat([rowsum, phi, rowsum - phi, rowsum.sum(1, keepdim=True) + fr, fr], 1).view(k, n, -1)
        stats.append(torch.stack([st.mean(1), st.square().mean(1)]))
    with torch.no_grad():
        fx = model(x)
    return torch.cat(sums), torch.cat(stats, 1), fx


def main():
    args = parse_args(repeats=5)
    torch.manual_seed(0)
    # Matched as substrings of the whole --only value, so that a name containing a comma still works.
    for name in NAMES:
        if args.only and name not in args.only:
            continue
        d = NAMES[name]
        model = softplus_mlp(d)
        for prm in model.parameters():
            prm.requires_grad_(False)
        x = torch.randn(20, d)
        bg = torch.randn(100, d)
        report(name, median_ms(lambda: expected_hessians(model, x, bg), args.repeats))


if __name__ == "__main__":
    main()
