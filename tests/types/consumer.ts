// A consumer of the published package, importing it by name (the exports
// map's "types" conditions), as a Node project without the DOM lib would.
import { init, runtimeInfo, Generator, Tensor, nn, optim, train, data, metrics, io, matmul, tidy } from "wasmtune";
import type { InitOptions, WasmSource } from "wasmtune";
import wasm from "wasmtune/wasmtune.wasm";
import relaxed from "wasmtune/wasmtune.relaxed.wasm";

export async function main(): Promise<number> {
  const source: WasmSource = wasm;
  const options: InitOptions = { source: relaxed, relaxedSimd: true, microkernel: "splat" };
  await init(Math.random() > 2 ? source : options);
  const bytes: WasmSource = new Uint8Array(8);
  const url: WasmSource = new URL("file:///wasmtune.wasm");
  const response: WasmSource = new Response(new Uint8Array(8));
  void [url, response];
  const memory: ArrayBuffer = (await init()).memory.buffer;
  void memory;
  const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
  const opt = new optim.AdamW(model.parameters(), { lr: 1e-2, weightDecay: 1e-4 });
  const sched = optim.lrScheduler.createScheduler(opt, { type: "step", stepSize: 10 });
  const x = [[0, 1], [1, 0]];
  const y = [1, 0];
  const history = await train.fit(model, { train: { x, y }, loss: new nn.MSELoss(), optimizer: opt, scheduler: sched, epochs: 1, verbose: false });
  const table = data.readCsv("a,b\n1,2\n", { target: "b" });
  const t: Tensor = Tensor.from([1, 2, 3]);
  const u: Tensor = tidy(() => matmul(t, t).add(t.sum(0, true), { alpha: 2 }).mul(t.mean([0])).pow(2).clamp(null, 1));
  const T = data.transforms;
  const crop = new T.RandomCrop([2, 3], { padding: [1, 0], paddingMode: "reflect", padIfNeeded: true });
  const augment: data.transforms.Transform = new T.Compose([crop, new T.RandomHorizontalFlip(), new T.RandomAffine({ degrees: 0, translate: [0.1, 0.2] }), new T.Normalize([0.5], [0.2])]);
  const at: data.transforms.CropParams = crop.getParams(new Generator(0), [1, 4, 4]);
  const images = Tensor.zeros([2, 1, 4, 4]);
  const shifted: Tensor = new T.RandomAffine({ degrees: 0, fill: [1] }).applyWith(images, [{ tx: 1, ty: 0 }, { tx: 0, ty: -1 }]);
  const loader = new data.DataLoader(new data.TensorDataset(images), { batchSize: 2, transform: augment, imageShape: [1, 4, 4] });
  void [history, table, t, u, at, shifted, loader, io.encodeSafetensors, metrics.accuracyScore([1], [1])];
  return runtimeInfo().relaxedSimd ? 1 : 0;
}
