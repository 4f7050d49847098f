// Studies for the importance tests: the fixture's synthetic studies as
// StudyViews over frozen trials, and small hand-made ones.
import { I } from "./importance_bundle.mjs";

/** A frozen trial (distributions as Optuna JSON strings or objects). */
export function trial(number, { params = {}, distributions = {}, values = null, state = "COMPLETE" }) {
  return {
    number, trialId: number, state, values, datetimeStart: null, datetimeComplete: null, params,
    distributions: Object.fromEntries(Object.entries(distributions).map(([k, v]) => [k, typeof v === "string" ? I.jsonToDistribution(v) : v])),
    userAttrs: {}, systemAttrs: {}, intermediateValues: new Map(),
  };
}

/** A StudyView over `trials`. */
export function study(directions, trials) {
  return {
    studyName: "importance", directions, trials,
    get direction() {
      if (directions.length !== 1) throw new Error("This attribute is not available during multi-objective optimization.");
      return directions[0];
    },
    getTrials: (states) => (states === undefined ? trials : trials.filter((t) => states.includes(t.state))),
  };
}

/** A fixture case (tests/fixtures/tune/importance_studies.json) as a study. */
export function fixtureStudy(c) {
  return study([c.direction], c.trials.map((t, i) => trial(i, { params: t.params, distributions: t.distributions, values: [t.value], state: t.state })));
}
