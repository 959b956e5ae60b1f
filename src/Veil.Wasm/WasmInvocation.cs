using Veil.Core.Scale;

namespace Veil.Wasm;

/// <summary>
/// What a worker's enclave asks a <see cref="WasmContract"/> to run as a command: the entry, the block
/// timestamp (ms, for <c>seal0.now</c>), the value moved with the command (for
/// <c>seal0.value_transferred</c>) and the contract input (<c>selector ‖ SCALE args</c>). The enclave
/// builds it from a delivered message and its block; the sender supplies only <see cref="Input"/>, so
/// nobody can claim a time or a value. SCALE: <c>entry: u8 ‖ timestamp: u64 ‖ value: u128 ‖ input: Vec&lt;u8&gt;</c>.
/// </summary>
public sealed record WasmInvocation(WasmEntry Entry, ulong Timestamp, UInt128 Value, byte[] Input)
{
    /// <summary>Longest input accepted: a queue message payload is bounded well below this.</summary>
    public const int MaxInputLength = 1 << 20;

    public byte[] Encode()
    {
        var writer = new ScaleWriter(Input.Length + 40);
        try
        {
            writer.WriteVariant((byte)Entry);
            writer.WriteU64(Timestamp);
            writer.WriteU128(Value);
            writer.WriteBytes(Input);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WasmInvocation invocation, out string error)
    {
        var reader = new ScaleReader(bytes);
        var entry = (WasmEntry)reader.ReadVariant(2, nameof(WasmEntry));
        var timestamp = reader.ReadU64();
        var value = reader.ReadU128();
        var input = reader.ReadBytes(MaxInputLength);
        invocation = new WasmInvocation(entry, timestamp, value, input.ToArray());
        return reader.TryFinish(out error);
    }
}
