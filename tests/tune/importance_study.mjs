// The fixture's synthetic studies (tests/fixtures/tune/importance_studies.json) as StudyViews.
import { fakeStudy, frozenTrial } from "./fake_study.mjs";

/** A fixture case as a study over frozen trials. */
export function fixtureStudy(c) {
  return fakeStudy([c.direction], c.trials.map((t, number) => frozenTrial({ ...t, number, values: [t.value] })));
}
