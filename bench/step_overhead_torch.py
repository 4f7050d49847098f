# PyTorch reference for bench/step_overhead.mjs: the same training steps with
# torch.set_num_threads(1). Prints one JSON object
# {case: {"wall": steps/s, "cpu": steps per CPU-second}}.
# Usage: /usr/bin/python3 bench/step_overhead_torch.py SECONDS_PER_CASE
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def steps_per_second(model, loss_fn, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(50):
        step()
    best = {"wall": 0.0, "cpu": 0.0}
    # Best of five windows, as the JS side measures.
    for _ in range(5):
        n = 0
        t0 = time.perf_counter()
        c0 = time.process_time()
        while True:
            for _ in range(20):
                step()
            n += 20
            dt = time.perf_counter() - t0
            if dt >= SECONDS / 5:
                break
        best["wall"] = max(best["wall"], n / dt)
        best["cpu"] = max(best["cpu"], n / (time.process_time() - c0))
    return best


def tiny():
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    x = torch.randn(32, 2)
    y = (x[:, :1] * x[:, 1:] > 0).float()
    return steps_per_second(model, torch.nn.BCEWithLogitsLoss(), x, y)


def mlp(batch):
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)
    )
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))
    return steps_per_second(model, torch.nn.CrossEntropyLoss(), x, y)


print(json.dumps({"tiny": tiny(), "mlp32": mlp(32), "mlp256": mlp(256)}))
