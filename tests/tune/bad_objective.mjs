// Objective module without a default export, for tests/tune/parallel.test.mjs.
export const objective = () => 0;
