using Veil.Core.Scale;

namespace Veil.Wasm;

/// <summary>
/// A read-only call of a deployed contract's <c>call</c> export: the block it is answered at and that
/// block's timestamp (a query has no delivering block, so the worker states which head it used), and
/// the input. SCALE: <c>block_number: u64 ‖ timestamp: u64 ‖ input: Vec&lt;u8&gt;</c>.
/// </summary>
public sealed record WasmQuery(ulong BlockNumber, ulong Timestamp, byte[] Input)
{
    public byte[] Encode()
    {
        var writer = new ScaleWriter(Input.Length + 24);
        try
        {
            writer.WriteU64(BlockNumber);
            writer.WriteU64(Timestamp);
            writer.WriteBytes(Input);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WasmQuery query, out string error)
    {
        var reader = new ScaleReader(bytes);
        var block = reader.ReadU64();
        var timestamp = reader.ReadU64();
        var input = reader.ReadBytes(WasmInvocation.MaxInputLength);
        query = new WasmQuery(block, timestamp, input.ToArray());
        return reader.TryFinish(out error);
    }
}
