// The seeded studies every runtime runs (see runtimes.test.mjs), beside the
// training run of train_script.js: TPE (independent and multivariate) under
// MedianPruner over float, log, int, stepped and categorical parameters, and
// scrambled QMC, CMA-ES and random search over the numeric ones. The objective
// trains a tiny MLP a few full-batch steps (WebAssembly math in every trial)
// and reports its loss each step, so the pruner has curves to judge. Plain ESM
// with no imports, like train_script.js; the caller passes the initialised
// wasmtune namespace. In-memory storage: workerd has no file system.

const ROWS = 48;
const FEATURES = 4;
const STEPS = 6;

/**
 * Run the studies; return, for each, every trial's number, state, params,
 * values and intermediate values. Doubles survive JSON exactly, so comparing
 * the parsed results compares bits.
 */
export async function tuneStudies(wt) {
  const { tune } = wt;
  const data = dataset(wt);
  const studies = {
    tpe: [new tune.TPESampler({ seed: 5, nStartupTrials: 5 }), new tune.MedianPruner({ nStartupTrials: 3 }), 14, true],
    tpeMultivariate: [new tune.TPESampler({ seed: 6, nStartupTrials: 5, multivariate: true }), new tune.MedianPruner({ nStartupTrials: 3 }), 14, true],
    qmc: [new tune.QMCSampler({ scramble: true, seed: 7 }), new tune.NopPruner(), 10, false],
    cmaes: [new tune.CmaEsSampler({ seed: 8 }), new tune.NopPruner(), 12, false],
    random: [new tune.RandomSampler({ seed: 9 }), new tune.NopPruner(), 10, true],
  };
  const out = {};
  for (const [name, [sampler, pruner, nTrials, categorical]] of Object.entries(studies)) {
    const study = await tune.createStudy({ studyName: name, sampler, pruner });
    await study.optimize((trial) => objective(wt, data, trial, categorical), { nTrials });
    out[name] = study.trials.map((t) => ({
      number: t.number,
      state: t.state,
      params: t.params,
      values: t.values,
      intermediate: [...t.intermediateValues],
    }));
  }
  return out;
}

function dataset({ Generator, Tensor }) {
  const gen = new Generator(2024);
  const x = Tensor.empty([ROWS, FEATURES]);
  const y = Tensor.empty([ROWS, 1]);
  for (let i = 0; i < ROWS * FEATURES; i++) x.data[i] = gen.normal();
  for (let r = 0; r < ROWS; r++) {
    const [a, b, c] = x.data.subarray(r * FEATURES);
    y.data[r] = a - 0.5 * b * c + 0.1 * gen.normal();
  }
  return { x, y };
}

// The space of a typical first search: the learning rate on a log scale, β
// (momentum) linearly, hidden units as an int, weight decay on a grid; the
// activation as a categorical where the sampler handles one.
function objective({ nn, optim, Generator, tune }, { x, y }, trial, categorical) {
  const lr = trial.suggestFloat("lr", 1e-3, 0.2, { log: true });
  const momentum = trial.suggestFloat("momentum", 0, 0.9);
  const hidden = trial.suggestInt("hidden", 2, 12);
  const weightDecay = trial.suggestFloat("weightDecay", 0, 0.01, { step: 0.0025 });
  const width = trial.suggestInt("width", 4, 16, { step: 4 });
  const activation = categorical ? trial.suggestCategorical("activation", ["tanh", "relu"]) : "tanh";
  const gen = new Generator(trial.number);
  const model = new nn.Sequential(
    new nn.Linear(FEATURES, hidden, { generator: gen }),
    activation === "tanh" ? new nn.Tanh() : new nn.ReLU(),
    new nn.Linear(hidden, width, { generator: gen }),
    new nn.Tanh(),
    new nn.Linear(width, 1, { generator: gen }),
  );
  const lossFn = new nn.MSELoss();
  const opt = new optim.SGD(model.parameters(), { lr, momentum, weightDecay });
  try {
    let loss = NaN;
    for (let step = 0; step < STEPS; step++) {
      opt.zeroGrad();
      loss = lossFn.forward(model.forward(x), y);
      model.backward(lossFn.backward());
      opt.step();
      trial.report(loss, step);
      if (trial.shouldPrune()) throw new tune.TrialPruned();
    }
    return loss;
  } finally {
    model.dispose();
  }
}
