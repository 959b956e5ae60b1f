// Reference answers for Veil.Crypto.Tests: polkadot.js keyring type 'ed25519'.
// stdin:  {"uris":[...], "sign":[{"uri","message"}], "verify":[{"publicKey","message","signature"}]}
// stdout: {"keys":[{"uri","publicKey","address"}], "signatures":[...], "verified":[...]}
// Hex strings are 0x-prefixed. A failing URI reports {"uri","error"}.
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, hexToU8a } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, signatureVerify, ed25519Verify } from '@polkadot/util-crypto';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
await cryptoWaitReady();
const keyring = new Keyring({ type: 'ed25519', ss58Format: 42 });

const keys = (input.uris ?? []).map((uri) => {
  try {
    const pair = keyring.createFromUri(uri);
    return { uri, publicKey: u8aToHex(pair.publicKey), address: encodeAddress(pair.publicKey, 42) };
  } catch (e) {
    return { uri, error: String(e.message ?? e) };
  }
});

const signatures = (input.sign ?? []).map(({ uri, message }) => {
  const pair = keyring.createFromUri(uri);
  return u8aToHex(pair.sign(hexToU8a(message)));
});

const verified = (input.verify ?? []).map(({ publicKey, message, signature }) => {
  const msg = hexToU8a(message);
  const sig = hexToU8a(signature);
  const pk = hexToU8a(publicKey);
  return signatureVerify(msg, sig, pk).isValid && ed25519Verify(msg, sig, pk);
});

process.stdout.write(JSON.stringify({ keys, signatures, verified }));
