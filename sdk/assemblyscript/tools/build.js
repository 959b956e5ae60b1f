#!/usr/bin/env node
// Builds contracts: one asc compilation each (with tools/transform.js), then writes
//   <out>/<name>.wasm      the code,
//   <out>/<name>.json      ink!-shaped metadata, source.hash = BLAKE2b-256 of the code,
//   <out>/<name>.contract  the metadata with the code inlined as source.wasm (cargo-contract's bundle).
// Usage: node tools/build.js [contract-dir-or-file …] [--out dir] [--force]
//        (default: every examples/*/index.ts → build/; a contract whose outputs are newer than its
//        sources, the SDK and this tool is skipped unless --force)
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { blake2b } from "@noble/hashes/blake2.js";
import { VeilTransform } from "./transform.js";

const SDK_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The flags every Veil contract needs: the stub runtime (bump allocator, no GC: an instance lives for
// one call), no env.abort import, memory imported from the host as env.memory and bounded to
// 16 pages (Veil's WasmLimits.MaxMemoryPages), nothing exported but deploy and call.
export const ASC_FLAGS = [
  "--runtime", "stub", "--optimize", "--noAssert", "--use", "abort=",
  "--importMemory", "--noExportMemory", "--initialMemory", "1", "--maximumMemory", "16",
];

export async function buildContract(entry, outDir) {
  const name = path.basename(entry) === "index.ts" ? path.basename(path.dirname(entry)) : path.basename(entry, ".ts");
  const wasmPath = path.join(outDir, `${name}.wasm`);
  let contract = null;
  class Capture extends VeilTransform {
    afterParse(parser) {
      super.afterParse(parser);
      contract = this.contract;
    }
  }

  let binary = null;
  const { error, stderr } = await asc.main([path.relative(SDK_ROOT, entry), "--outFile", "out.wasm", ...ASC_FLAGS], {
    transforms: [Capture],
    writeFile: (file, contents) => { if (file.endsWith(".wasm")) binary = contents; },
  });
  if (error) throw new Error(`${name}: ${error.message}\n${stderr.toString()}`);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(wasmPath, binary);
  const metadata = contract.metadata;
  metadata.source.hash = "0x" + Buffer.from(blake2b(binary, { dkLen: 32 })).toString("hex");
  metadata.contract.name = name;
  writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(metadata, null, 2) + "\n");
  const bundle = { ...metadata, source: { ...metadata.source, wasm: "0x" + Buffer.from(binary).toString("hex") } };
  writeFileSync(path.join(outDir, `${name}.contract`), JSON.stringify(bundle) + "\n");
  return { name, bytes: binary.length, wasmPath };
}

async function main(argv) {
  delete process.env.VEIL_METADATA;
  let outDir = path.join(SDK_ROOT, "build");
  let force = false;
  const entries = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") outDir = path.resolve(argv[++i]);
    else if (argv[i] === "--force") force = true;
    else entries.push(path.resolve(argv[i]));
  }
  // Paths are resolved against the caller's directory; asc then runs from the SDK's root.
  const cwd = process.cwd();
  process.chdir(SDK_ROOT);
  if (entries.length === 0) {
    const examples = path.join(SDK_ROOT, "examples");
    for (const dir of readdirSync(examples).sort()) entries.push(path.join(examples, dir, "index.ts"));
  }

  const started = process.hrtime.bigint();
  for (let entry of entries) {
    if (!entry.endsWith(".ts")) entry = path.join(entry, "index.ts");
    if (!existsSync(entry)) throw new Error(`no contract at ${entry}`);
    if (!force && upToDate(entry, outDir)) {
      console.log(`up to date: ${path.relative(cwd, entry)}`);
      continue;
    }
    const built = await buildContract(entry, outDir);
    console.log(`built ${built.name}: ${built.bytes} bytes → ${path.relative(cwd, built.wasmPath)}`);
  }
  console.log(`${entries.length} contract(s) in ${Number(process.hrtime.bigint() - started) / 1e9} s`);
}

// Outputs newer than every input: the contract's directory, the SDK's assembly/ and tools/, the lock file.
function upToDate(entry, outDir) {
  const name = path.basename(entry) === "index.ts" ? path.basename(path.dirname(entry)) : path.basename(entry, ".ts");
  const outputs = ["wasm", "json", "contract"].map(ext => path.join(outDir, `${name}.${ext}`));
  if (!outputs.every(existsSync)) return false;
  const oldest = Math.min(...outputs.map(file => statSync(file).mtimeMs));
  const inputs = [path.dirname(entry), path.join(SDK_ROOT, "assembly"), path.join(SDK_ROOT, "tools")]
    .flatMap(dir => readdirSync(dir).map(file => path.join(dir, file)))
    .concat([path.join(SDK_ROOT, "package-lock.json")]);
  return inputs.every(file => statSync(file).mtimeMs < oldest);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch(e => { console.error(e.message); process.exit(1); });
}
