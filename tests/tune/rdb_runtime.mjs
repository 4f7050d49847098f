// rdb_storage.test.mjs runs this in Deno and Bun: five trials with
// heartbeats on the PostgreSQL study at the URL given as the first argument.
import { init, tune } from "../../dist/index.js";

await init();
const url = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const storage = new tune.RDBStorage(url, { heartbeatInterval: 1 });
const study = await tune.createStudy({ studyName: `runtime-${crypto.randomUUID()}`, storage });
await study.optimize((t) => {
  const x = t.suggestFloat("x", 0, 1);
  t.report(x, 0);
  return x;
}, { nTrials: 5 });
console.log(JSON.stringify(study.trials.map((t) => [t.number, t.state, t.values[0] === t.params.x])));
await storage.close();
