import { seal_deposit_event } from "./seal";
import { ScaleWriter } from "./scale";

/**
 * Deposits an event: up to four 32-byte topics (SCALE Vec<[u8; 32]>) and a SCALE payload. On Veil
 * events are confidential: they go into the caller's private receipt, never on chain.
 */
export function emitEvent(topics: Array<Uint8Array>, data: Uint8Array): void {
  if (topics.length == 0) {
    seal_deposit_event(0, 0, data.dataStart, data.length);
    return;
  }
  const encoded = new ScaleWriter(1 + topics.length * 32);
  encoded.compact(topics.length);
  for (let i = 0; i < topics.length; i++) {
    const topic = topics[i];
    if (topic.length != 32) unreachable();
    encoded.raw(topic);
  }
  const bytes = encoded.toBytes();
  seal_deposit_event(bytes.dataStart, bytes.length, data.dataStart, data.length);
}
