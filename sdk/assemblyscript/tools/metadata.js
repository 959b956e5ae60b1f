// Writes the contract's metadata in the shape of ink!'s (metadata version 5, as cargo-contract emits
// it): spec.constructors / spec.messages with label, selector, args, mutates, payable, returnType and
// docs; spec.lang_error; spec.environment; the `types` registry. A documented subset (README.md).
import { TypeRegistry } from "./types.js";

export const METADATA_VERSION = 5;

export function buildMetadata(spec, { name, version, compiler, language }) {
  const registry = new TypeRegistry();
  const langError = registry.langError();
  const errorIds = new Map();
  for (const [enumName, variants] of spec.errors) errorIds.set(enumName, registry.errorEnum(enumName, variants));

  const returnType = (e, constructor) => {
    let ok = e.returns ? registry.of(e.returns.type, e.returns.nullable) : registry.unit();
    if (e.throws) ok = registry.result(ok, errorIds.get(e.throws));
    const id = registry.result(ok, langError);
    return { displayName: constructor ? ["ink_primitives", "ConstructorResult"] : ["ink", "MessageResult"], type: id };
  };
  const args = e => e.args.map(a => ({
    label: a.label,
    type: { displayName: displayName(a), type: registry.of(a.type, a.nullable) },
  }));

  const constructors = spec.constructors.map(c => ({
    args: args(c),
    default: c.default,
    docs: c.docs,
    label: c.label,
    payable: c.payable,
    returnType: returnType(c, true),
    selector: c.selector,
  }));
  const messages = spec.messages.map(m => ({
    args: args(m),
    default: m.default,
    docs: m.docs,
    label: m.label,
    mutates: m.mutates,
    payable: m.payable,
    returnType: returnType(m, false),
    selector: m.selector,
  }));

  const hash = registry.bytes32();
  const environment = {
    accountId: { displayName: ["AccountId"], type: registry.of("AccountId") },
    balance: { displayName: ["Balance"], type: registry.primitive("u128") },
    blockNumber: { displayName: ["BlockNumber"], type: registry.primitive("u32") },
    hash: { displayName: ["Hash"], type: hash },
    maxEventTopics: 4,
    staticBufferSize: 16384,
    timestamp: { displayName: ["Timestamp"], type: registry.primitive("u64") },
  };

  return {
    source: { hash: null, language, compiler },
    contract: { name, version, authors: [] },
    spec: {
      constructors,
      docs: spec.docs,
      environment,
      events: [],
      lang_error: { displayName: ["ink", "LangError"], type: langError },
      messages,
    },
    types: registry.types,
    version: METADATA_VERSION,
  };
}

function displayName(arg) {
  const inner = CODECS_DISPLAY[arg.type] ?? [arg.type];
  return arg.nullable ? ["Option"] : inner;
}

const CODECS_DISPLAY = { U128: ["Balance"], Uint8Array: ["Vec"], string: ["String"], AccountId: ["AccountId"] };
