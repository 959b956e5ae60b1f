using Veil.Core.Scale;

namespace Veil.Protocol.Blocks;

/// <summary>A header and its extrinsics, each in its full encoded (length-prefixed) wire form.</summary>
public sealed record Block(BlockHeader Header, IReadOnlyList<byte[]> Extrinsics)
{
    public const int MaxExtrinsics = 100_000;

    public void Encode(ref ScaleWriter writer)
    {
        Header.Encode(ref writer);
        writer.WriteLength(Extrinsics.Count);
        foreach (var extrinsic in Extrinsics)
        {
            // Extrinsics already carry their compact length prefix (Substrate's OpaqueExtrinsic).
            writer.WriteRaw(extrinsic);
        }
    }

    public byte[] Encode()
    {
        var size = BlockHeader.MaxEncodedLength + 5;
        foreach (var extrinsic in Extrinsics) size += extrinsic.Length;
        var writer = new ScaleWriter(size);
        try
        {
            Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out Block block, out string error)
    {
        var reader = new ScaleReader(bytes);
        var header = BlockHeader.Decode(ref reader);
        var count = reader.ReadLength(MaxExtrinsics, minItemSize: 2);
        var extrinsics = new List<byte[]>(count);
        for (var i = 0; i < count && !reader.Failed; i++)
        {
            var start = reader.Position;
            var length = reader.ReadLength(Transactions.ExtrinsicCodec.MaxEncodedLength);
            var prefix = reader.Position - start;
            reader.ReadRaw(length);
            if (!reader.Failed)
            {
                extrinsics.Add(bytes.Slice(start, prefix + length).ToArray());
            }
        }

        block = new Block(header, extrinsics);
        return reader.TryFinish(out error);
    }
}
