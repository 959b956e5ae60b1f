// Reference answers for Veil.Protocol.Tests: Substrate extrinsic format v4 via @polkadot/types.
// Signed extensions: CheckSpecVersion, CheckTxVersion, CheckGenesis, CheckMortality, CheckNonce,
// ChargeTransactionPayment (extra = era ‖ nonce ‖ tip; additional = spec ‖ tx ‖ genesis ‖ block hash).
// stdin:  {"eras":[{"period","current","at":[n...]}], "eraBytes":[{"hex","at":[n...]}],
//          "payloads":[{"uri","method","era","nonce","tip","specVersion","transactionVersion","genesisHash","blockHash"}],
//          "extrinsics":["0x.."]}
// stdout: {"eras":[{"hex","period","phase","birth":[..],"death":[..]}],
//          "eraBytes":[{"immortal","period","phase","birth":[..],"death":[..],"hex"}|{"error"}],
//          "payloads":[{"payload","signature","signer","extrinsic"}],
//          "extrinsics":[{"signer","signatureKind","signature","era","nonce","tip","method","reencoded"}|{"error"}]}
// Numbers travel as decimal strings; hex strings are 0x-prefixed.
import { Keyring } from '@polkadot/keyring';
import { compactAddLength, u8aConcat, u8aToHex, hexToU8a } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { TypeRegistry } from '@polkadot/types';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
await cryptoWaitReady();

const registry = new TypeRegistry();
registry.setSignedExtensions(['CheckSpecVersion', 'CheckTxVersion', 'CheckGenesis', 'CheckMortality', 'CheckNonce', 'ChargeTransactionPayment']);
const keyring = new Keyring({ type: 'ed25519', ss58Format: 42 });

const describeEra = (era, at) => era.isImmortalEra
  ? { immortal: true, period: '0', phase: '0', birth: at.map(() => '0'), death: at.map(() => 'immortal'), hex: era.toHex() }
  : {
      immortal: false,
      period: era.asMortalEra.period.toString(),
      phase: era.asMortalEra.phase.toString(),
      birth: at.map((n) => String(era.asMortalEra.birth(Number(n)))),
      death: at.map((n) => String(era.asMortalEra.death(Number(n)))),
      hex: era.toHex(),
    };

const eras = (input.eras ?? []).map(({ period, current, at }) => {
  const era = registry.createType('ExtrinsicEra', { current: Number(current), period: Number(period) });
  return describeEra(era, at ?? []);
});

const eraBytes = (input.eraBytes ?? []).map(({ hex, at }) => {
  try {
    return describeEra(registry.createType('ExtrinsicEra', hexToU8a(hex)), at ?? []);
  } catch (e) {
    return { error: String(e.message ?? e) };
  }
});

const payloads = (input.payloads ?? []).map((p) => {
  const pair = keyring.createFromUri(p.uri);
  const value = {
    method: p.method,
    era: hexToU8a(p.era),
    nonce: p.nonce,
    tip: p.tip,
    specVersion: p.specVersion,
    transactionVersion: p.transactionVersion,
    genesisHash: p.genesisHash,
    blockHash: p.blockHash,
  };
  const payload = registry.createType('ExtrinsicPayload', value, { version: 4 });
  // sign() hashes with BLAKE2b-256 when the payload is over 256 bytes and prefixes the MultiSignature type byte.
  const typed = payload.sign(pair).signature;
  const signature = hexToU8a(typed).subarray(1);
  const signatureV4 = registry.createType('ExtrinsicSignatureV4');
  signatureV4.addSignature(pair.publicKey, typed, value);
  const body = u8aConcat(new Uint8Array([0x84]), signatureV4.toU8a(), hexToU8a(p.method));
  return {
    payload: u8aToHex(payload.toU8a({ method: true })),
    signatureType: u8aToHex(hexToU8a(typed).subarray(0, 1)),
    signature: u8aToHex(signature),
    signer: u8aToHex(pair.publicKey),
    extrinsic: u8aToHex(compactAddLength(body)),
  };
});

const extrinsics = (input.extrinsics ?? []).map((hex) => {
  try {
    const bytes = hexToU8a(hex);
    // Without runtime metadata the Call cannot be decoded by type, so read the length prefix and the
    // version byte, decode the signature part as ExtrinsicSignatureV4 and return the rest as the call.
    const length = registry.createType('Compact<u32>', bytes);
    const offset = length.encodedLength;
    const version = bytes[offset];
    const signature = registry.createType('ExtrinsicSignatureV4', bytes.subarray(offset + 1), { isSigned: (version & 0x80) !== 0 });
    const method = bytes.subarray(offset + 1 + signature.encodedLength);
    const ms = signature.multiSignature;
    return {
      length: length.toString(),
      version: String(version),
      signer: u8aToHex(signature.signer.toU8a()),
      signatureKind: ms.type,
      signature: signature.signature.toHex(),
      era: signature.era.toHex(),
      nonce: signature.nonce.toString(),
      tip: signature.tip.toString(),
      method: u8aToHex(method),
      reencoded: u8aToHex(compactAddLength(u8aConcat(new Uint8Array([version]), signature.toU8a(), method))),
    };
  } catch (e) {
    return { error: String(e.message ?? e) };
  }
});

process.stdout.write(JSON.stringify({ eras, eraBytes, payloads, extrinsics }));
