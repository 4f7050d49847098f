// An objective module with a setup: the study's workerData reaches each worker once, before its first trial.
let config;
let setups = 0;

export async function setup(workerData) {
  setups++;
  config = workerData;
}

export default async (trial) => {
  const x = trial.suggestFloat("x", config.low, config.high);
  trial.setUserAttr("setups", setups);
  trial.setUserAttr("label", config.label);
  return x;
};
