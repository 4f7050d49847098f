// Runs the shared training script and seeded studies in Deno or Bun (and Node) and prints the result as one JSON line.
import * as wt from "../../dist/index.js";
import { train } from "./train_script.js";
import { tuneStudies } from "./tune_script.js";

await wt.init();
console.log(JSON.stringify({ ...(await train(wt)), tune: await tuneStudies(wt) }));
