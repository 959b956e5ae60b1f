// The argument and return types the SDK's dispatcher can decode and encode, and their metadata.
// Keys are AssemblyScript type names as written in a message's signature.

/** How each supported type is read/written by ScaleReader/ScaleWriter and described in metadata. */
export const CODECS = {
  bool: { codec: "bool", primitive: "bool" },
  u8: { codec: "u8", primitive: "u8" },
  u16: { codec: "u16", primitive: "u16" },
  u32: { codec: "u32", primitive: "u32" },
  u64: { codec: "u64", primitive: "u64" },
  i8: { codec: "i8", primitive: "i8" },
  i16: { codec: "i16", primitive: "i16" },
  i32: { codec: "i32", primitive: "i32" },
  i64: { codec: "i64", primitive: "i64" },
  U128: { codec: "u128", primitive: "u128", display: ["Balance"] },
  string: { codec: "string", primitive: "str", display: ["String"] },
  Uint8Array: { codec: "bytes", display: ["Vec"] },
  AccountId: { codec: "accountId", display: ["AccountId"] },
};

export const SUPPORTED = Object.keys(CODECS).join(", ");

/**
 * The ink!-shaped type registry (scale-info's PortableRegistry as metadata JSON writes it): each type
 * once, numbered in order of first use.
 */
export class TypeRegistry {
  constructor() {
    this.types = [];
    this.ids = new Map();
  }

  /** Registers a type under a structural key; `make` builds its `type` object given nothing yet registered. */
  intern(key, make) {
    if (this.ids.has(key)) return this.ids.get(key);
    const id = this.types.length;
    this.ids.set(key, id);
    this.types.push(null);
    this.types[id] = { id, type: make() };
    return id;
  }

  primitive(name) {
    return this.intern(`prim:${name}`, () => ({ def: { primitive: name } }));
  }

  unit() {
    return this.intern("tuple:", () => ({ def: { tuple: [] } }));
  }

  /** A supported AssemblyScript type (by name), or Option<T> when nullable. */
  of(name, nullable = false) {
    if (nullable) {
      const inner = this.of(name);
      return this.intern(`option:${inner}`, () => ({
        def: { variant: { variants: [{ index: 0, name: "None" }, { fields: [{ type: inner }], index: 1, name: "Some" }] } },
        params: [{ name: "T", type: inner }],
        path: ["Option"],
      }));
    }
    const codec = CODECS[name];
    if (codec.primitive) return this.primitive(codec.primitive);
    if (name === "Uint8Array") {
      const u8 = this.primitive("u8");
      return this.intern("vec:u8", () => ({ def: { sequence: { type: u8 } } }));
    }
    if (name === "AccountId") {
      const array = this.bytes32();
      return this.intern("AccountId", () => ({
        def: { composite: { fields: [{ type: array, typeName: "[u8; 32]" }] } },
        path: ["ink_primitives", "types", "AccountId"],
      }));
    }
    throw new Error(`no metadata for type ${name}`);
  }

  bytes32() {
    const u8 = this.primitive("u8");
    return this.intern("array:32:u8", () => ({ def: { array: { len: 32, type: u8 } } }));
  }

  result(ok, err) {
    return this.intern(`result:${ok}:${err}`, () => ({
      def: { variant: { variants: [{ fields: [{ type: ok }], index: 0, name: "Ok" }, { fields: [{ type: err }], index: 1, name: "Err" }] } },
      params: [{ name: "T", type: ok }, { name: "E", type: err }],
      path: ["Result"],
    }));
  }

  langError() {
    return this.intern("LangError", () => ({
      def: { variant: { variants: [{ index: 1, name: "CouldNotReadInput" }] } },
      path: ["ink_primitives", "LangError"],
    }));
  }

  /** A field-less error enum declared in the contract: variants in declaration order, SCALE index = value. */
  errorEnum(name, variants) {
    return this.intern(`enum:${name}`, () => ({
      def: { variant: { variants: variants.map(v => ({ index: v.index, name: v.name, ...(v.docs.length ? { docs: v.docs } : {}) })) } },
      path: [name],
    }));
  }
}
