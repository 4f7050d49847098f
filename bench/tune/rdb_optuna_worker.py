"""One Optuna process of bench/tune_rdb.mjs: N trials of a trivial objective on study NAME."""
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
study = optuna.load_study(study_name=name, storage=url, sampler=optuna.samplers.RandomSampler())
study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=n)
