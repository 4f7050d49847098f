// The host reaches every kernel that takes two or more arguments through its
// wrapper generated from assembly/decl/ (arguments by name), never through
// the module's exports directly, where two arguments could be swapped
// unnoticed. Read with the TypeScript compiler: a use of a module export is a
// property whose declaration is in asc's bindings (build/wasmtune.d.ts); an
// export looked up by a computed name (`k[name]`) is refused too, since no
// wrapper can then be named. The exports giving a declared table's place in
// the module (`broadcastDesc`) are called only by the generated writers, so
// no host code indexes such a table by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { PLUMBING } from "../../scripts/kernel_decl/check.mjs";
import { readFamilies } from "../../scripts/kernel_decl/declarations.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bindings = join(root, "build/wasmtune.d.ts");
const addresses = new Set(readFamilies(join(root, "assembly/decl")).flatMap((f) => f.tables.map((t) => t.address).filter(Boolean)));

const sources = readdirSync(join(root, "src"), { recursive: true })
  .map((f) => join("src", f))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("src/kernels/"));

test("the host calls kernels of two or more arguments only through their named wrappers, and tables' addresses only through the generated writers", () => {
  assert.deepEqual([...addresses].sort(), ["broadcastDesc", "broadcastScalars"]);
  const program = ts.createProgram(sources.map((f) => join(root, f)), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  /** The module export a property access or lookup reaches, if any. */
  const exportOf = (symbol) => symbol?.declarations?.find((d) => d.getSourceFile().fileName === bindings);
  const found = [];
  let seen = 0;
  for (const file of sources) {
    const sf = program.getSourceFile(join(root, file));
    assert.ok(sf, file);
    const visit = (node) => {
      if (ts.isPropertyAccessExpression(node)) {
        const decl = exportOf(checker.getSymbolAtLocation(node.name));
        if (decl && ts.isFunctionDeclaration(decl)) {
          seen++;
          if ((decl.parameters.length >= 2 && !PLUMBING.has(node.name.text)) || addresses.has(node.name.text)) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
        }
      } else if (ts.isElementAccessExpression(node)) {
        const object = checker.getTypeAtLocation(node.expression);
        if (exportOf(object.getProperty("gemmNN"))) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()} (an export by computed name)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  // The scan does see the exports the host may call directly (heapBase, mathExp, ...).
  assert.ok(seen > 10, `only ${seen} direct uses of module exports found`);
  assert.deepEqual(found, []);
});
