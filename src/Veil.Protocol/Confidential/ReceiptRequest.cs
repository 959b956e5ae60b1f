using System.Buffers.Binary;

namespace Veil.Protocol.Confidential;

/// <summary>
/// The query bytes of a private receipt request (the worker's <c>POST /receipt</c>): which delivered
/// message's receipt — <c>block u32 ‖ index u32</c>, the position of the command among the block's queue
/// messages. It travels as the query of an ordinary signed, sealed <see cref="QueryRequest"/>, so only the
/// account that sent the command can read the outcome and events of its own command.
/// </summary>
public readonly record struct ReceiptRequest(uint BlockNumber, int Index)
{
    public const int EncodedLength = 8;

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, BlockNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)Index);
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out ReceiptRequest request, out string error)
    {
        request = default;
        if (bytes.Length != EncodedLength)
        {
            error = $"a receipt request is {EncodedLength} bytes (block u32 ‖ index u32), not {bytes.Length}";
            return false;
        }

        var index = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        if (index > int.MaxValue)
        {
            error = $"message index {index} is out of range";
            return false;
        }

        request = new ReceiptRequest(BinaryPrimitives.ReadUInt32LittleEndian(bytes), (int)index);
        error = string.Empty;
        return true;
    }
}
