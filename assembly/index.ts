// The single WebAssembly module's export surface. Every kernel takes byte
// offsets (usize) into linear memory plus lengths; the TypeScript host owns
// all allocation (see docs/ARCHITECTURE.md), so nothing here allocates.
export * from "./runtime";
export * from "./generated/layouts";
export * from "./kernels/math";
export * from "./kernels/gemm";
export * from "./kernels/elementwise";
export * from "./kernels/activation";
export * from "./kernels/reduce";
export * from "./kernels/softmax";
export * from "./kernels/scan";
export * from "./kernels/loss";
export * from "./kernels/loss_class";
export * from "./optim/sgd";
export * from "./optim/adam";
export * from "./optim/rmsprop";
export * from "./optim/adagrad";
export * from "./optim/adamax";
export * from "./optim/nadam";
export * from "./optim/radam";
export * from "./optim/clip";
export * from "./optim/l1";
export * from "./kernels/gather";
export * from "./kernels/loss_cross_entropy";
export * from "./kernels/batchnorm";
export * from "./kernels/layernorm";
export * from "./kernels/dropout";
export * from "./kernels/transpose";
export * from "./kernels/conv";
export * from "./kernels/pool";
