import { input, panic, returnBytes, revertBytes, valueTransferred } from "./env";
import { ScaleReader, ScaleWriter } from "./scale";

/**
 * What the generated `deploy` / `call` exports use (tools/transform.js writes them): read the input,
 * split the selector, answer in ink!'s envelope. Every message answers `Result<T, LangError>`, so a
 * successful output starts with 0x00; an input that matches no selector or does not decode reverts
 * with `Err(LangError::CouldNotReadInput)` = 0x01 0x01, as ink! does.
 */
export class Dispatch {
  readonly reader: ScaleReader;
  readonly selector: u32;

  constructor() {
    const bytes = input();
    if (bytes.length < 4) Dispatch.couldNotReadInput();
    // The selector's four bytes read as a little-endian u32: 0x9bae9d5e ("new") is 0x5e9dae9b here.
    this.selector = load<u32>(bytes.dataStart);
    this.reader = new ScaleReader(bytes, 4);
  }

  /** Ends argument decoding: refuses trailing bytes or a malformed argument. */
  finish(): void {
    if (!this.reader.finish()) Dispatch.couldNotReadInput();
  }

  /** ink! refuses value sent to a message that is not `payable` (it panics); so does the SDK. */
  static rejectValue(): void {
    if (!valueTransferred().isZero()) panic("value sent to a message that is not payable");
  }

  /** A writer with the Ok tag of `Result<T, LangError>` already written (and, for fallible messages, the inner Ok). */
  static ok(fallible: bool): ScaleWriter {
    const writer = new ScaleWriter(32);
    writer.u8(0);
    if (fallible) writer.u8(0);
    return writer;
  }

  static finishOk(writer: ScaleWriter): void {
    returnBytes(writer.toBytes());
  }

  static couldNotReadInput(): void {
    const data = new Uint8Array(2);
    data[0] = 1;
    data[1] = 1;
    revertBytes(data);
  }
}
