#!/usr/bin/env node
// The `wasmtune` command (see `wasmtune --help` and docs/cli.md).
import { main } from "./cli/main.mjs";

process.exitCode = await main(process.argv.slice(2));
