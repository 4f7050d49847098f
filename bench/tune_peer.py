"""Optuna + PyTorch peer of wasmtune's tuning benchmark (bench/tune.mjs).

Runs the same study as `bench/tune.mjs`'s peer case: the default search space
of `wasmtune tune` (bin/cli/tune_space.mjs) over an MLP on a CSV, TPE with
MedianPruner, the objective being the best validation accuracy over the
epochs, the test accuracy recorded at that epoch. One thread, as wasmtune's
single worker. Reads a JSON spec on stdin, prints one JSON object.
Run with /usr/bin/python3 (Debian's python3-optuna, python3-torch).
"""
import json
import math
import sys
import time

import numpy as np
import optuna
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.set_num_threads(1)
optuna.logging.set_verbosity(optuna.logging.WARNING)


def load(spec):
    raw = np.loadtxt(spec["file"], delimiter=",", skiprows=1, dtype=np.float32)
    x, y = raw[:, :-1], raw[:, -1].astype(np.int64)
    seed = spec["seed"]
    x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=seed)
    x_train, x_val, y_train, y_val = train_test_split(x_rest, y_rest, test_size=0.2, stratify=y_rest, random_state=seed)
    scaler = StandardScaler().fit(x_train)
    t = lambda a: torch.from_numpy(scaler.transform(a).astype(np.float32))
    return t(x_train), torch.from_numpy(y_train), t(x_val), torch.from_numpy(y_val), t(x_test), torch.from_numpy(y_test)


def suggest(trial):
    """The space of bin/cli/tune_space.mjs, parameter for parameter."""
    return {
        "optimizer": trial.suggest_categorical("optimizer", ["adam", "adamw", "sgd"]),
        "lr": trial.suggest_float("lr", 1e-5, 1e-1, log=True),
        "one_minus_beta1": trial.suggest_float("one_minus_beta1", 1e-2, 0.5, log=True),
        "weight_decay": trial.suggest_float("weight_decay", 1e-6, 1e-2, log=True),
        "layers": trial.suggest_int("layers", 1, 3),
        "units": trial.suggest_int("units", 16, 256, log=True),
        "dropout": trial.suggest_float("dropout", 0.0, 0.5),
        "batch_size": trial.suggest_categorical("batch_size", [16, 32, 64, 128]),
        "scheduler": trial.suggest_categorical("scheduler", ["none", "cosine", "exponential"]),
    }


def build(c, n_in, n_out):
    layers, width = [], n_in
    for _ in range(c["layers"]):
        layers += [torch.nn.Linear(width, c["units"]), torch.nn.ReLU()]
        if c["dropout"] > 0:
            layers.append(torch.nn.Dropout(c["dropout"]))
        width = c["units"]
    layers.append(torch.nn.Linear(width, n_out))
    model = torch.nn.Sequential(*layers)
    beta1 = 1 - c["one_minus_beta1"]
    if c["optimizer"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=c["lr"], betas=(beta1, 0.999), weight_decay=c["weight_decay"])
    elif c["optimizer"] == "adamw":
        opt = torch.optim.AdamW(model.parameters(), lr=c["lr"], betas=(beta1, 0.999), weight_decay=c["weight_decay"])
    else:
        opt = torch.optim.SGD(model.parameters(), lr=c["lr"], momentum=beta1, weight_decay=c["weight_decay"])
    return model, opt


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main():
    spec = json.load(sys.stdin)
    x_train, y_train, x_val, y_val, x_test, y_test = load(spec)
    n_out = int(y_train.max().item()) + 1
    epochs = spec["epochs"]
    total_epochs = [0]

    def objective(trial):
        torch.manual_seed(trial.number)
        c = suggest(trial)
        model, opt = build(c, x_train.shape[1], n_out)
        sched = None
        if c["scheduler"] == "cosine":
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
        elif c["scheduler"] == "exponential":
            sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.95)
        loss_fn = torch.nn.CrossEntropyLoss()
        best, best_test = -math.inf, math.nan
        n = x_train.shape[0]
        for epoch in range(epochs):
            model.train()
            perm = torch.randperm(n)
            for i in range(0, n, c["batch_size"]):
                idx = perm[i : i + c["batch_size"]]
                opt.zero_grad()
                loss = loss_fn(model(x_train[idx]), y_train[idx])
                loss.backward()
                opt.step()
            if sched is not None:
                sched.step()
            total_epochs[0] += 1
            acc = accuracy(model, x_val, y_val)
            if acc > best:
                best, best_test = acc, accuracy(model, x_test, y_test)
            trial.report(acc, epoch)
            if trial.should_prune():
                trial.set_user_attr("test_accuracy", best_test)
                raise optuna.TrialPruned()
        trial.set_user_attr("test_accuracy", best_test)
        return best

    sampler = optuna.samplers.TPESampler(seed=spec["seed"])
    study = optuna.create_study(direction="maximize", sampler=sampler, pruner=optuna.pruners.MedianPruner())
    start = time.perf_counter()
    study.optimize(objective, n_trials=spec["trials"])
    seconds = time.perf_counter() - start
    best = study.best_trial
    print(json.dumps({
        "optuna": optuna.__version__,
        "torch": torch.__version__,
        "seconds": seconds,
        "best_value": best.value,
        "test_accuracy": best.user_attrs["test_accuracy"],
        "epochs": total_epochs[0],
        "pruned": sum(t.state == optuna.trial.TrialState.PRUNED for t in study.trials),
    }))


main()
