// AssemblyScript transform (asc --transform): turns the @constructor / @message functions of the entry
// file into the ink!/pallet-contracts ABI. After parsing, it reads their spec (spec.js), removes the
// decorators, adds a generated entry module exporting `deploy` and `call` (dispatch.js), and demotes the
// contract's own file to a plain module so that only `deploy`, `call` (and memory) are exported.
// The metadata (metadata.js) is written next to the output: <out>.json.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NodeKind, SourceKind } from "assemblyscript";
import { version as ASC_VERSION } from "assemblyscript/asc";
import { Transform } from "assemblyscript/transform";
import { dispatchSource } from "./dispatch.js";
import { buildMetadata } from "./metadata.js";
import { readSpec, SpecError } from "./spec.js";

const SDK_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SDK_ENTRY = path.join(SDK_ROOT, "assembly", "index.ts");
const PACKAGE = JSON.parse(readFileSync(path.join(SDK_ROOT, "package.json"), "utf8"));

export const DISPATCH_FILE = "__veil_dispatch.ts";

/** The spec and metadata of the contract in one compilation (see {@link VeilTransform.contract}). */
export class VeilTransform extends Transform {
  afterParse(parser) {
    const baseDir = this.baseDir ?? ".";
    const found = [];
    for (const source of parser.sources) {
      if (source.sourceKind !== SourceKind.UserEntry) continue;
      const spec = readSpec(source, NodeKind);
      if (spec) found.push({ source, spec });
    }
    if (found.length === 0) throw new SpecError("no @constructor or @message function in the entry file(s)");
    if (found.length > 1) throw new SpecError(`one contract per compilation; found ${found.map(f => f.source.normalizedPath).join(", ")}`);

    const { source, spec } = found[0];
    const dir = path.posix.dirname(source.normalizedPath);
    const entry = "./" + path.posix.basename(source.normalizedPath, ".ts");
    let sdk = path.relative(path.resolve(baseDir, dir), SDK_ENTRY).replace(/\\/g, "/").replace(/\.ts$/, "");
    if (!sdk.startsWith(".")) sdk = "./" + sdk;
    source.sourceKind = SourceKind.User;
    parser.parseFile(dispatchSource(spec, entry, sdk), path.posix.join(dir, DISPATCH_FILE), true);

    const name = path.posix.basename(dir === "." ? path.posix.basename(source.normalizedPath, ".ts") : dir);
    this.contract = {
      spec,
      metadata: buildMetadata(spec, {
        name,
        version: PACKAGE.version,
        language: `AssemblyScript ${ASC_VERSION}`,
        compiler: `${PACKAGE.name} ${PACKAGE.version}`,
      }),
    };
    const out = metadataPath();
    if (out) writeMetadata(out, this.contract.metadata);
  }

  // Veil refuses modules with a start function (a contract runs only through deploy/call), but
  // AssemblyScript initialises globals (the allocator's heap offset, top-level constants) in one.
  // Each call runs in a fresh instance, so running it first thing in deploy and call is equivalent.
  afterCompile(module) {
    const binaryen = this.binaryen;
    const start = module.getStart();
    if (!start) return;
    const startName = binaryen.getFunctionInfo(start).name;
    module.setStart(0);
    for (const name of ["deploy", "call"]) {
      const internal = binaryen.getExportInfo(module.getExport(name)).value;
      const info = binaryen.getFunctionInfo(module.getFunction(internal));
      module.removeFunction(internal);
      const body = module.block(null, [module.call(startName, [], binaryen.none), info.body], binaryen.none);
      module.addFunction(internal, info.params, info.results, info.vars, body);
    }
  }
}

export function writeMetadata(file, metadata) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(metadata, null, 2) + "\n");
}

// On the command line (npx asc … --transform …) the metadata goes to VEIL_METADATA, or next to -o/--outFile.
function metadataPath() {
  if (process.env.VEIL_METADATA) return process.env.VEIL_METADATA;
  const argv = process.argv;
  for (let i = 0; i < argv.length - 1; i++) {
    if (argv[i] === "-o" || argv[i] === "--outFile") return argv[i + 1].replace(/\.wasm$/, "") + ".json";
  }
  return null;
}

export default VeilTransform;
