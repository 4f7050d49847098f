# PyTorch reference for bench/step_overhead.mjs: the same training steps with
# torch.set_num_threads(1). Prints one JSON object
# {case: {"wall": steps/s, "cpu": steps per CPU-second}}.
# Usage: /usr/bin/python3 bench/step_overhead_torch.py SECONDS_PER_CASE
import json
import sys
import time

import torch

# The suite's peer defines the models and the training step; this script only times them differently.
from torch_peer import mlp_case, tiny_case

torch.set_num_threads(1)
torch.manual_seed(0)
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def steps_per_second(step):
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


print(json.dumps({"tiny": steps_per_second(tiny_case(32)), "mlp32": steps_per_second(mlp_case(32)), "mlp256": steps_per_second(mlp_case(256))}))
