# PyTorch reference for the training throughput of examples/fashion_mnist_cnn.mjs
# (docs/cnn.md): the same CNN, AdamW and batch size, on one thread
# (torch.set_num_threads(1)), stepping on one random batch of 28×28 images.
# Prints {"samplesPerCpuSecond": …, "samplesPerSecond": …} as JSON.
# Usage: /usr/bin/python3 bench/fashion_cnn_torch.py [STEPS=40] [BATCH=128]
import json
import os
import sys
import time

# Before torch loads: with the default OpenMP pool a second thread spins beside
# the one set_num_threads(1) leaves, doubling the CPU time per step (measured:
# 500 samples per CPU second against 980 per wall second; 987 and 987 with this).
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

import torch  # noqa: E402
from torch import nn  # noqa: E402

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
BATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 128

torch.set_num_threads(1)
torch.manual_seed(0)


def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]


model = nn.Sequential(*block(1, 32), *block(32, 64), nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-2)
loss_fn = nn.CrossEntropyLoss()
x = torch.randn(BATCH, 1, 28, 28)
y = torch.randint(0, 10, (BATCH,))


def step():
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    optimizer.step()


for _ in range(3):
    step()
cpu, wall = time.process_time(), time.perf_counter()
for _ in range(STEPS):
    step()
samples = STEPS * BATCH
print(json.dumps({"samplesPerCpuSecond": samples / (time.process_time() - cpu), "samplesPerSecond": samples / (time.perf_counter() - wall)}))
