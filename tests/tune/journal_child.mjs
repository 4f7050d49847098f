// A worker process for journal_processes.test.mjs:
//   node journal_child.mjs BUNDLE JOURNAL trials N    run N trials of study "shared"
//   node journal_child.mjs BUNDLE JOURNAL hammer      write until killed
//   node journal_child.mjs BUNDLE JOURNAL orphan      start a trial, then die by SIGKILL
//   node journal_child.mjs BUNDLE JOURNAL torn        die by SIGKILL holding the lock, mid-line
import { appendFileSync, symlinkSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundle, path, mode, count] = process.argv.slice(2);
const { JournalFileStorage, FloatDistribution, IntDistribution, DuplicatedStudyError } = await import(pathToFileURL(bundle).href);

function open() {
  const storage = new JournalFileStorage(path, { lockGracePeriod: 2 });
  try {
    return { storage, studyId: storage.createNewStudy(["minimize"], "shared") };
  } catch (e) {
    if (!(e instanceof DuplicatedStudyError)) throw e;
    return { storage, studyId: storage.getStudyIdFromName("shared") };
  }
}

if (mode === "trials") {
  const { storage, studyId } = open();
  const x = new FloatDistribution(-1, 1);
  const k = new IntDistribution(0, 100);
  for (let i = 0; i < Number(count); i++) {
    const id = storage.createNewTrial(studyId);
    storage.setTrialParam(id, "x", ((process.pid % 97) + i) / 200, x);
    storage.setTrialParam(id, "k", i, k);
    storage.setTrialIntermediateValue(id, 0, i);
    storage.setTrialUserAttr(id, "pid", process.pid);
    storage.setTrialStateValues(id, "COMPLETE", [i / 10]);
  }
} else if (mode === "hammer") {
  const { storage, studyId } = open();
  const payload = "x".repeat(2000);
  for (;;) {
    const id = storage.createNewTrial(studyId);
    storage.setTrialUserAttr(id, "payload", payload);
    storage.setTrialStateValues(id, "COMPLETE", [1]);
    process.stdout.write(".");
  }
} else if (mode === "orphan") {
  const { storage, studyId } = open();
  storage.createNewTrial(studyId);
  process.kill(process.pid, "SIGKILL");
} else if (mode === "torn") {
  open();
  // What a writer killed inside its append leaves: its lock file and half a line.
  symlinkSync(path, `${path}.lock`);
  appendFileSync(path, '{"op_code": 4, "worker_id": "killed", "study_id": 0, "datet');
  process.kill(process.pid, "SIGKILL");
}
