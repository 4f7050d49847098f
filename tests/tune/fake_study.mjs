// A minimal StudyView over a list of frozen trials, for testing samplers
// apart from the Study class.
import { S } from "./samplers_bundle.mjs";

/** A FrozenTrial from the fixture generator's JSON (distributions as Optuna JSON strings). */
export function frozenTrial(t) {
  return {
    number: t.number, trialId: t.number, state: t.state, values: t.values ?? null,
    datetimeStart: null, datetimeComplete: null, params: t.params ?? {},
    distributions: Object.fromEntries(Object.entries(t.distributions ?? {}).map(([k, v]) => [k, typeof v === "string" ? S.jsonToDistribution(v) : v])),
    userAttrs: {}, systemAttrs: {}, intermediateValues: new Map(t.intermediateValues ?? []),
  };
}

/** A StudyView whose trials are `trials` (mutable: push more as the test goes). */
export function fakeStudy(directions, trials = [], studyName = "fake") {
  return {
    studyName, directions, trials,
    get direction() {
      if (directions.length !== 1) throw new Error("This attribute is not available during multi-objective optimization.");
      return directions[0];
    },
    getTrials(states) {
      return states === undefined ? trials : trials.filter((t) => states.includes(t.state));
    },
  };
}
