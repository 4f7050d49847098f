// A worker that calls init() without the imported .wasm, as a user new to
// workerd might: it answers with the error, which must show the edge pattern.
import { init } from "wasmtune";

export default {
  async fetch() {
    try {
      await init();
      return Response.json({ error: null });
    } catch (err) {
      return Response.json({ error: err.message });
    }
  },
};
