"""Optuna 3.1's side of rdb_optuna.test.mjs, on the same PostgreSQL database.

One process (Optuna takes seconds to import) answers commands read from
stdin, one per line, with one JSON line each:

    create URL          create Optuna's tables in an empty database
    run URL STUDY N     run N trials of STUDY (TPE, constant liar)
    dump URL STUDY      every trial of STUDY
"""
import json
import sys
import time

import optuna
from optuna.distributions import distribution_to_json

optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    x = trial.suggest_float("x", -2.0, 2.0)
    lr = trial.suggest_float("lr", 1e-4, 1.0, log=True)
    k = trial.suggest_int("k", 1, 9, step=2)
    act = trial.suggest_categorical("act", ["relu", "tanh", None])
    trial.set_user_attr("by", "optuna")
    for step in range(3):
        time.sleep(0.02)
        trial.report(x * x + lr / (step + 1), step)
    return x * x + lr + k + (0.5 if act == "tanh" else 0.0)


def dump(url, name):
    study = optuna.load_study(study_name=name, storage=url)
    return [{
        "number": t.number,
        "state": t.state.name,
        "values": t.values,
        "params": t.params,
        "distributions": {k: distribution_to_json(d) for k, d in t.distributions.items()},
        "intermediate": [[s, v] for s, v in sorted(t.intermediate_values.items())],
        "userAttrs": t.user_attrs,
        "systemAttrs": t.system_attrs,
        "start": t.datetime_start.isoformat() if t.datetime_start else None,
    } for t in study.trials]


for line in sys.stdin:
    command, *args = line.split()
    if command == "create":
        optuna.storages.RDBStorage(args[0])
        result = None
    elif command == "run":
        study = optuna.load_study(study_name=args[1], storage=args[0],
                                  sampler=optuna.samplers.TPESampler(constant_liar=True, seed=3))
        study.optimize(objective, n_trials=int(args[2]))
        result = None
    elif command == "dump":
        result = dump(args[0], args[1])
    print(json.dumps(result), flush=True)
