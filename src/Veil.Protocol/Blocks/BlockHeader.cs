using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;

namespace Veil.Protocol.Blocks;

/// <summary>
/// A block header (DESIGN §3). SCALE layout, frozen by a golden test: parent hash ‖ compact number ‖
/// state root ‖ extrinsics root ‖ messages root ‖ timestamp (u64 ms) ‖ author. The block hash is
/// BLAKE2b-256 of that encoding.
/// </summary>
public sealed record BlockHeader(Hash256 ParentHash, uint Number, Hash256 StateRoot, Hash256 ExtrinsicsRoot, Hash256 MessagesRoot, ulong Timestamp, AccountId Author)
{
    public const int MaxEncodedLength = 32 + 5 + 32 + 32 + 32 + 8 + 32;

    private Hash256? _hash;

    // The cached hash is not part of the value: without this copy constructor `header with { … }` would
    // carry the original's hash over to the changed header, and equality would depend on whether Hash
    // had been read.
    private BlockHeader(BlockHeader original)
    {
        ParentHash = original.ParentHash;
        Number = original.Number;
        StateRoot = original.StateRoot;
        ExtrinsicsRoot = original.ExtrinsicsRoot;
        MessagesRoot = original.MessagesRoot;
        Timestamp = original.Timestamp;
        Author = original.Author;
    }

    public Hash256 Hash => _hash ??= Blake2b.Hash256(Encode());

    public bool Equals(BlockHeader? other)
        => other is not null && ParentHash == other.ParentHash && Number == other.Number && StateRoot == other.StateRoot
            && ExtrinsicsRoot == other.ExtrinsicsRoot && MessagesRoot == other.MessagesRoot && Timestamp == other.Timestamp && Author == other.Author;

    public override int GetHashCode() => HashCode.Combine(ParentHash, Number, StateRoot, ExtrinsicsRoot, MessagesRoot, Timestamp, Author);

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteHash(ParentHash);
        writer.WriteCompact(Number);
        writer.WriteHash(StateRoot);
        writer.WriteHash(ExtrinsicsRoot);
        writer.WriteHash(MessagesRoot);
        writer.WriteU64(Timestamp);
        writer.WriteAccount(Author);
    }

    public byte[] Encode()
    {
        var writer = new ScaleWriter(stackalloc byte[MaxEncodedLength]);
        Encode(ref writer);
        var bytes = writer.ToArray();
        writer.Dispose();
        return bytes;
    }

    public static BlockHeader Decode(ref ScaleReader reader)
    {
        var parent = reader.ReadHash();
        var number = reader.ReadCompact();
        if (number > uint.MaxValue)
        {
            reader.Fail("block number exceeds u32");
            number = 0; // the checked cast below would throw on untrusted input
        }

        return new BlockHeader(parent, (uint)number, reader.ReadHash(), reader.ReadHash(), reader.ReadHash(), reader.ReadU64(), reader.ReadAccount());
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out BlockHeader header, out string error)
    {
        var reader = new ScaleReader(bytes);
        header = Decode(ref reader);
        return reader.TryFinish(out error);
    }
}
