"""PyTorch CPU peer of bench/autograd.mjs: the same cases on one thread.

Reads {n, samples, minTime, warmup, budget} on stdin, prints
{"version": ..., "results": {case id: {min, median, max}}}. Run with /usr/bin/python3.
"""
import json
import sys

import torch

from torch_peer import measure_rate

torch.set_num_threads(1)
spec = json.load(sys.stdin)
N = spec["n"]
timing = dict(samples=spec["samples"], min_time=spec["minTime"], warmup=spec["warmup"], budget=spec["budget"])


def u(*shape, grad=False):
    return (torch.rand(*shape) * 2 - 1).requires_grad_(grad)


def backward_case(a, b, fn):
    def step():
        fn(a, b).sum().backward()
        a.grad = None
        b.grad = None
    return step


def mlp(batch):
    ps = []
    for i, o in [(784, 256), (256, 128), (128, 10)]:
        ps += [(u(i, o) * 0.05).requires_grad_(), (u(o) * 0.05).requires_grad_()]
    w1, b1, w2, b2, w3, b3 = ps
    x, y = u(batch, 784), u(batch, 10)

    def step():
        h1 = (x @ w1 + b1).clamp(0)
        h2 = (h1 @ w2 + b2).clamp(0)
        ((h2 @ w3 + b3 - y) ** 2).mean().backward()
        for p in ps:
            p.grad = None
    return step


a, b, row, col = u(N, N), u(N, N), u(N), u(N, 1)
m256 = [u(256, 256, grad=True), u(256, 256, grad=True)]
bm = [u(16, 64, 64), u(16, 64, 64)]
e = N * N / 1e6
cases = {
    "add_same": (lambda: a + b, e),
    "add_row": (lambda: a + row, e),
    "add_col": (lambda: a + col, e),
    "mul_scalar": (lambda: a * 1.5, e),
    "sum_0": (lambda: a.sum(0), e),
    "sum_1": (lambda: a.sum(1), e),
    "bcast_backward": (backward_case(u(N, N, grad=True), u(N, grad=True), lambda p, q: p * q), e),
    "mm_fwd_bwd": (backward_case(*m256, torch.matmul), 3 * 2 * 256 ** 3 / 1e9),
    "bmm_fwd": (lambda: torch.matmul(*bm), 16 * 2 * 64 ** 3 / 1e9),
    "mlp_tape_32": (mlp(32), 1),
    "mlp_tape_256": (mlp(256), 1),
}
results = {k: measure_rate(fn, work, **timing) for k, (fn, work) in cases.items()}
print(json.dumps({"version": torch.__version__, "results": results}))
