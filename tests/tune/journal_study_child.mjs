// A process of the study-level journal test (journal_processes.test.mjs):
//   node journal_study_child.mjs JOURNAL SEED
// creates or loads study "shared" on the journal and runs 10 trials of TPE
// with the constant liar, as a user's script on a shared journal would.
import * as wt from "../../dist/index.js";
const { tune } = wt;

const [path, seed] = process.argv.slice(2);
await wt.init();
const study = await tune.createStudy({
  studyName: "shared",
  storage: `journal:${path}`,
  loadIfExists: true,
  sampler: new tune.TPESampler({ seed: Number(seed), nStartupTrials: 8, constantLiar: true }),
});
await study.optimize(
  (trial) => {
    const x = trial.suggestFloat("x", -2, 2);
    const lr = trial.suggestFloat("lr", 1e-4, 1, { log: true });
    const k = trial.suggestInt("k", 1, 8);
    const kind = trial.suggestCategorical("kind", ["a", "b", "c"]);
    trial.setUserAttr("pid", process.pid);
    const value = (x - 0.5) ** 2 + (lr - 0.01) ** 2 + k / 10 + (kind === "b" ? 0 : 0.5);
    trial.report(value, 0);
    return value;
  },
  { nTrials: 10 },
);
