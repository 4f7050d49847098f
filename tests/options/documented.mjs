// The option names the published types document, read from dist/*.d.ts with
// the TypeScript compiler: the runtime tests check every one of them is
// accepted, so the names each function checks against cannot lag the types.
import ts from "typescript";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../../dist/index.d.ts", import.meta.url));
const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, types: [] });
const checker = program.getTypeChecker();
const root = checker.getSymbolAtLocation(program.getSourceFile(entry));

function exportOf(symbol, name) {
  const found = checker.getExportsOfModule(symbol).find((s) => s.name === name);
  if (found === undefined) throw new Error(`no export ${name}`);
  return found.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(found) : found;
}

/**
 * Property names of parameter `index` of the export at `path` (e.g.
 * ["optim", "Adam"]): of its constructor when it is a class, else of the
 * function; without `index`, of the exported interface itself. Members of a union that are not objects (`number | { … }`) are
 * skipped; the last signature (the widest overload) is read.
 */
export function documentedOptions(path, index) {
  let symbol = root;
  for (const name of path) symbol = exportOf(symbol, name);
  const decl = symbol.valueDeclaration ?? symbol.declarations[0];
  if (index === undefined) return namesOf(checker.getDeclaredTypeOfSymbol(symbol));
  const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
  const signatures = symbol.flags & ts.SymbolFlags.Class ? type.getConstructSignatures() : type.getCallSignatures();
  const signature = signatures.at(-1);
  const param = signature.getParameters()[index];
  const names = namesOf(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(param, decl)));
  if (names.length === 0) throw new Error(`${path.join(".")}: parameter ${index} documents no options`);
  return names;
}

function namesOf(type) {
  const members = type.isUnion() ? type.types : [type];
  const names = new Set();
  for (const t of members) {
    if (!(t.flags & ts.TypeFlags.Object) && !(t.flags & ts.TypeFlags.Intersection)) continue;
    for (const p of checker.getPropertiesOfType(t)) names.add(p.name);
  }
  return [...names];
}
