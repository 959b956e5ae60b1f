// Reference answers for Veil.Core.Tests: SCALE via @polkadot/util and @polkadot/types, SS58 via util-crypto.
// stdin:  {"compacts":["decimal", ...], "types":[{"type","value"}], "addresses":[{"publicKey","prefix"}],
//          "decode":["address", ...], "hashes":["0xdata", ...]}
// stdout: {"compacts":["0x.."], "types":["0x.."], "addresses":["5..."], "decoded":[{"publicKey"}|{"error"}],
//          "blake2":[{"b128","b256","b512"}], "twox128":["0x.."]}
import { compactToU8a, u8aToHex, hexToU8a, stringToU8a } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, decodeAddress, blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';
import { TypeRegistry } from '@polkadot/types';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
await cryptoWaitReady();
const registry = new TypeRegistry();

const revive = (value) => (typeof value === 'string' && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value);
const deep = (value) => Array.isArray(value) ? value.map(deep) : (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) : revive(value));

const out = {
  compacts: (input.compacts ?? []).map((n) => u8aToHex(compactToU8a(BigInt(n)))),
  types: (input.types ?? []).map(({ type, value }) => u8aToHex(registry.createType(type, deep(value)).toU8a())),
  addresses: (input.addresses ?? []).map(({ publicKey, prefix }) => encodeAddress(hexToU8a(publicKey), prefix)),
  decoded: (input.decode ?? []).map((address) => {
    try {
      return { publicKey: u8aToHex(decodeAddress(address)) };
    } catch (e) {
      return { error: String(e.message ?? e) };
    }
  }),
  blake2: (input.hashes ?? []).map((hex) => ({
    b128: blake2AsHex(hexToU8a(hex), 128),
    b256: blake2AsHex(hexToU8a(hex), 256),
    b512: blake2AsHex(hexToU8a(hex), 512),
  })),
  twox128: (input.twox ?? []).map((text) => xxhashAsHex(stringToU8a(text), 128)),
};
process.stdout.write(JSON.stringify(out));
