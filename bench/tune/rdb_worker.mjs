// One wasmtune process of bench/tune_rdb.mjs: N trials of a trivial
// objective on study NAME (arguments: URL NAME N).
import { init, tune } from "../../dist/index.js";

const [url, name, n] = process.argv.slice(2);
await init();
const storage = new tune.RDBStorage(url);
const study = await tune.loadStudy({ studyName: name, storage, sampler: new tune.RandomSampler() });
await study.optimize((t) => t.suggestFloat("x", -1, 1) ** 2, { nTrials: Number(n) });
await storage.close();
