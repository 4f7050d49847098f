import { test } from "node:test";
import assert from "node:assert/strict";
import { wt } from "../helpers.mjs";
const { History } = wt.train;

test("History keeps columns aligned, names what it has and round-trips through JSON", () => {
  const h = new History();
  h.addEpoch(0, { loss: 1 });
  h.addEpoch(1, { loss: 0.5, val_loss: 0.7 });
  h.addEpoch(2, { val_loss: 0.6 });
  h.lr.push(0.1, 0.05);
  assert.deepEqual(h.epochs, [0, 1, 2]);
  assert.deepEqual(h.get("val_loss").slice(1), [0.7, 0.6]);
  assert.ok(Number.isNaN(h.get("val_loss")[0]) && Number.isNaN(h.get("loss")[2]));
  assert.equal(h.last("val_loss"), 0.6);
  assert.throws(() => h.get("auc"), /the history has no "auc"; it has "loss", "val_loss"/);
  const back = History.fromJSON(JSON.parse(JSON.stringify(h)));
  assert.deepEqual(back.get("loss").slice(0, 2), [1, 0.5]);
  assert.ok(Number.isNaN(back.get("loss")[2]));
  assert.deepEqual(back.lr, [0.1, 0.05]);
});
