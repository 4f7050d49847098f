"""PyTorch CPU peer of the wasmtune benchmark suite (bench/run.mjs).

Reads a JSON spec on stdin, runs the same cases on one thread and prints one
JSON object: {"version": ..., "results": {case id: {min, median, max}}}.
The convolutions are timed with --serve instead (bench/paired_rounds.mjs, for
bench/run.mjs and bench/paired.mjs): each stdin line {"case": conv case,
"forward": bool, timing} gets one line {"min", "median", "max"}, so that torch
and wasmtune can be timed in alternating rounds.
Rates are work per second of process CPU time, measured as bench/measure.mjs
does. Run with /usr/bin/python3 (the interpreter that has torch).
"""
import json
import math
import sys
import time

import torch


def measure_rate(fn, work, samples, min_time, warmup, budget=math.inf):
    start = time.process_time()
    calls = 0
    while True:
        t0 = time.process_time()
        fn()
        one = time.process_time() - t0
        calls += 1
        if time.process_time() - start >= warmup or one >= warmup / 2:
            break
    per_call = (time.process_time() - start) / calls
    batch = max(1, round(min_time / per_call))
    count = max(3, min(samples, math.floor(budget / (per_call * batch))))
    rates = []
    for _ in range(count):
        t0 = time.process_time()
        for _ in range(batch):
            fn()
        rates.append(work * batch / (time.process_time() - t0))
    rates.sort()
    mid = len(rates) // 2
    median = rates[mid] if len(rates) % 2 else (rates[mid - 1] + rates[mid]) / 2
    return {"min": rates[0], "median": median, "max": rates[-1]}


def gemm_case(n, layout):
    """C = A·B with A stored [k,m] for TN and B stored [n,k] for NT, as the kernels take them."""
    a = torch.rand(n, n) - 0.5
    b = torch.rand(n, n) - 0.5
    c = torch.empty(n, n)
    lhs = a.t() if layout[0] == "T" else a
    rhs = b.t() if layout[1] == "T" else b
    return lambda: torch.mm(lhs, rhs, out=c)


def train_step(model, loss_fn, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    return step


def mlp_case(batch):
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)
    )
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))
    return train_step(model, torch.nn.CrossEntropyLoss(), x, y)


def tiny_case(batch):
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    x = torch.rand(batch, 2) * 2 - 1
    y = (x[:, :1] * x[:, 1:] > 0).float()
    return train_step(model, torch.nn.BCEWithLogitsLoss(), x, y)


def adam_case(size):
    p = torch.nn.Parameter(torch.full((size,), 0.5))
    p.grad = torch.full((size,), 0.01)
    return torch.optim.Adam([p], lr=1e-3).step


def conv_case(spec, forward_only=False):
    """A convolution case of bench/run.mjs: Conv2d forward and backward (weight and bias gradients, and the
    input's when inputGrad), or the forward alone."""
    conv = torch.nn.Conv2d(spec["cin"], spec["cout"], spec["kernel"], padding=spec["padding"], groups=spec["groups"])
    x = (torch.rand(spec["batch"], spec["cin"], spec["size"], spec["size"]) * 2 - 1).requires_grad_(spec["inputGrad"])
    with torch.no_grad():
        dy = torch.rand_like(conv(x)) * 2 - 1

    def step():
        conv.zero_grad()
        x.grad = None
        conv(x).backward(dy)

    def forward():
        with torch.no_grad():
            conv(x)

    return forward if forward_only else step


def max_pool_case(spec):
    """MaxPool2d(2) forward and backward."""
    x = (torch.rand(spec["batch"], spec["channels"], spec["size"], spec["size"]) * 2 - 1).requires_grad_(True)
    pool = torch.nn.MaxPool2d(2)
    with torch.no_grad():
        dy = torch.rand_like(pool(x)) * 2 - 1

    def step():
        x.grad = None
        pool(x).backward(dy)

    return step


def main():
    spec = json.load(sys.stdin)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    opts = dict(samples=spec["samples"], min_time=spec["minTime"], warmup=spec["warmup"], budget=spec["budget"])
    results = {}
    with torch.no_grad():
        for n, layout in spec["gemm"]:
            results[f"gemm {layout} {n}"] = measure_rate(gemm_case(n, layout), 2 * n**3 / 1e9, **opts)
    if spec.get("adam"):
        size = spec["adam"]
        results["adam"] = measure_rate(adam_case(size), 28 * size / 1e9, **opts)
    for batch in spec.get("mlp", []):
        results[f"mlp {batch}"] = measure_rate(mlp_case(batch), batch, **opts)
    for case in spec.get("pool", []):
        results[f"pool {case['id']}"] = measure_rate(max_pool_case(case), case["batch"], **opts)
    for batch in spec.get("tiny", []):
        results[f"tiny {batch}"] = measure_rate(tiny_case(batch), 1, **opts)
    print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


def serve():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    cases = {}
    for line in sys.stdin:
        req = json.loads(line)
        key = (req["case"]["id"], req["forward"])
        if key not in cases:
            cases[key] = conv_case(req["case"], req["forward"])
        rate = measure_rate(cases[key], req["case"]["batch"], req["samples"], req["minTime"], req["warmup"], req["budget"])
        print(json.dumps(rate), flush=True)


if __name__ == "__main__":
    serve() if "--serve" in sys.argv[1:] else main()
