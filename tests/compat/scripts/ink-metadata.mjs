// Reference answers for the AssemblyScript SDK's metadata: polkadot.js @polkadot/api-contract's Abi,
// the parser polkadot.js apps and contracts UI use for ink! metadata.
// stdin:  {"metadata": <metadata JSON object>, "calls":[{"message", "args":[...]}], "constructors":[{"label","args":[...]}]}
// stdout: {"messages":[{"label","selector","mutates","args":[{"name","type"}]}], "constructors":[...],
//          "calls":[{"message","data"}], "constructorCalls":[{"label","data"}]}  (data = selector ‖ SCALE args, 0x hex)
import { Abi } from '@polkadot/api-contract';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
await cryptoWaitReady();
const abi = new Abi(input.metadata);

const describe = (m) => ({
  label: m.method === undefined ? m.identifier : m.identifier,
  selector: m.selector.toHex(),
  mutates: m.isMutating ?? false,
  args: m.args.map((a) => ({ name: a.name, type: a.type.type })),
});

const messages = abi.messages.map(describe);
const constructors = abi.constructors.map(describe);
const calls = (input.calls ?? []).map(({ message, args }) => ({
  message,
  data: u8aToHex(abi.findMessage(message).toU8a(args)),
}));
const constructorCalls = (input.constructors ?? []).map(({ label, args }) => ({
  label,
  data: u8aToHex(abi.findConstructor(label).toU8a(args)),
}));
process.stdout.write(JSON.stringify({ messages, constructors, calls, constructorCalls }));
