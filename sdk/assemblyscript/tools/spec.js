// Reads a contract's entry points from the AssemblyScript AST: exported functions decorated with
// @constructor or @message, their options, parameter and return types, doc comments, and the
// field-less enums that messages name in `throws`.
import { blake2b } from "@noble/hashes/blake2.js";
import { CODECS, SUPPORTED } from "./types.js";

const ENTRY_DECORATORS = new Set(["constructor", "message"]);
const OPTIONS = new Set(["label", "selector", "mutates", "payable", "throws", "default"]);

/** ink!'s default selector: the first four bytes of BLAKE2b-256 of the label. */
export function selectorOf(label) {
  const digest = blake2b(new TextEncoder().encode(label), { dkLen: 32 });
  return "0x" + Buffer.from(digest.subarray(0, 4)).toString("hex");
}

export class SpecError extends Error {}

/** Collects the spec of one source; returns null when the source declares no entry points. */
export function readSpec(source, nodeKind) {
  const constructors = [];
  const messages = [];
  const enums = new Map();
  for (const statement of source.statements) {
    if (statement.kind === nodeKind.EnumDeclaration) {
      enums.set(statement.name.text, statement);
    }
    if (statement.kind !== nodeKind.FunctionDeclaration || !statement.decorators) continue;
    const entry = statement.decorators.find(d => ENTRY_DECORATORS.has(nameOf(d)));
    if (!entry) continue;
    const where = `${source.normalizedPath}: ${statement.name.text}`;
    if ((statement.flags & 2) === 0) throw new SpecError(`${where}: a @${nameOf(entry)} function must be exported`);
    statement.decorators = statement.decorators.filter(d => d !== entry);
    if (statement.decorators.length === 0) statement.decorators = null;
    const options = readOptions(entry, nodeKind, where);
    const label = options.label ?? statement.name.text.replace(/_$/, "");
    const spec = {
      kind: nameOf(entry),
      func: statement.name.text,
      label,
      selector: options.selector ? normaliseSelector(options.selector, where) : selectorOf(label),
      payable: options.payable === true,
      mutates: nameOf(entry) === "constructor" ? true : options.mutates === true,
      default: options.default === true,
      throws: options.throws ?? null,
      docs: docsBefore(source.text, entry.range.start),
      args: statement.signature.parameters.map(p => ({ label: p.name.text, ...typeOf(p.type, `${where}(${p.name.text})`) })),
      returns: returnTypeOf(statement.signature.returnType, where),
    };
    if (spec.kind === "constructor" && spec.returns) throw new SpecError(`${where}: a constructor returns nothing (void)`);
    (spec.kind === "constructor" ? constructors : messages).push(spec);
  }
  if (constructors.length === 0 && messages.length === 0) return null;
  if (constructors.length === 0) throw new SpecError(`${source.normalizedPath}: a contract needs at least one @constructor`);
  checkUnique([...constructors, ...messages], source.normalizedPath);

  const errors = new Map();
  for (const m of [...constructors, ...messages]) {
    if (!m.throws || errors.has(m.throws)) continue;
    const declaration = enums.get(m.throws);
    if (!declaration) throw new SpecError(`${source.normalizedPath}: ${m.func} throws ${m.throws}, which is not an enum declared in this file`);
    errors.set(m.throws, enumVariants(declaration, source.text, nodeKind));
  }
  return { constructors, messages, errors, docs: [] };
}

function nameOf(decorator) {
  return decorator.name.text;
}

function readOptions(decorator, nodeKind, where) {
  const options = {};
  const args = decorator.args ?? [];
  if (args.length === 0) return options;
  const literal = args[0];
  if (args.length > 1 || !literal.names) throw new SpecError(`${where}: decorator options are one object literal, e.g. @message({ mutates: true })`);
  literal.names.forEach((name, i) => {
    const key = name.text;
    if (!OPTIONS.has(key)) throw new SpecError(`${where}: unknown option '${key}' (known: ${[...OPTIONS].join(", ")})`);
    const value = literal.values[i];
    if (value.kind === nodeKind.True || value.kind === nodeKind.False) options[key] = value.kind === nodeKind.True;
    else if (typeof value.value === "string") options[key] = value.value;
    else if (value.kind === nodeKind.Identifier) options[key] = value.text;
    else throw new SpecError(`${where}: option '${key}' must be true, false, a string or (for throws) an enum name`);
  });
  return options;
}

function normaliseSelector(text, where) {
  if (!/^0x[0-9a-fA-F]{8}$/.test(text)) throw new SpecError(`${where}: selector '${text}' is not 0x and 8 hex digits`);
  return text.toLowerCase();
}

function typeOf(node, where) {
  const name = node.name?.identifier?.text;
  if (!name || node.name.next || node.typeArguments?.length || !Object.hasOwn(CODECS, name)) {
    throw new SpecError(`${where}: unsupported type; supported: ${SUPPORTED} (classes may be nullable: T | null is Option<T>)`);
  }
  const nullable = node.isNullable === true;
  if (nullable && CODECS[name].primitive && name !== "U128" && name !== "string") {
    throw new SpecError(`${where}: ${name} | null is not supported (AssemblyScript value types cannot be null)`);
  }
  return { type: name, nullable };
}

function returnTypeOf(node, where) {
  const name = node.name?.identifier?.text;
  if (name === "void") return null;
  return typeOf(node, `${where}: return type`);
}

function checkUnique(entries, path) {
  const seen = new Map();
  for (const e of entries) {
    const previous = seen.get(e.selector);
    if (previous) throw new SpecError(`${path}: ${e.func} and ${previous} share the selector ${e.selector}`);
    seen.set(e.selector, e.func);
  }
}

function enumVariants(declaration, text, nodeKind) {
  let next = 0;
  return declaration.values.map(v => {
    let index = next;
    if (v.initializer) {
      if (v.initializer.kind !== nodeKind.Literal || typeof v.initializer.value !== "bigint") {
        throw new SpecError(`enum ${declaration.name.text}: ${v.name.text} must have an integer literal value or none`);
      }
      index = Number(v.initializer.value);
    }
    if (index < 0 || index > 255) throw new SpecError(`enum ${declaration.name.text}: ${v.name.text} = ${index} does not fit u8`);
    next = index + 1;
    return { name: v.name.text, index, docs: docsBefore(text, v.range.start) };
  });
}

/** The `/** … *\/` comment right before a declaration (only whitespace between), as ink!'s `docs` lines. */
export function docsBefore(text, position) {
  const before = text.slice(0, position).trimEnd();
  if (!before.endsWith("*/")) return [];
  const start = before.lastIndexOf("/**");
  if (start < 0) return [];
  return before.slice(start + 3, before.length - 2)
    .split("\n")
    .map(line => line.replace(/^\s*\*? ?/, "").trimEnd())
    .filter((line, i, all) => line.length > 0 || (i > 0 && i < all.length - 1));
}
