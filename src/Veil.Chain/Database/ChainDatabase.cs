using System.Buffers.Binary;
using Veil.Chain.State;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Blocks;
using Veil.Protocol.Messaging;
using Veil.Storage;

namespace Veil.Chain.Database;

/// <summary>
/// Everything the node persists, in one key-value store, committed one block at a time in a single
/// atomic, fsynced batch (block, header, finality proof, indices, flat state, trie nodes, head pointer),
/// so a crash at any moment leaves the last committed block and nothing half-written.
/// Key layout (one-byte table prefixes):
/// <c>h</c>‖hash → header · <c>b</c>‖hash → block · <c>j</c>‖hash → finality proof ·
/// <c>n</c>‖number(BE) → hash · <c>x</c>‖tx hash → number ‖ index · <c>s</c>‖key → latest state value · <c>q</c>‖hash → the block's queue messages (SCALE Vec) ·
/// <c>m</c>‖name → metadata (finalized head, genesis). Trie nodes live under the trie's own prefix ("trie/").
/// </summary>
public sealed class ChainDatabase : IStateReader
{
    private const byte HeaderTable = (byte)'h';
    private const byte BlockTable = (byte)'b';
    private const byte ProofTable = (byte)'j';
    private const byte NumberTable = (byte)'n';
    private const byte TransactionTable = (byte)'x';
    private const byte StateTable = (byte)'s';
    private const byte MessagesTable = (byte)'q';
    private static readonly byte[] FinalizedKey = "mfinalized"u8.ToArray();
    private static readonly byte[] GenesisKey = "mgenesis"u8.ToArray();

    private readonly IKeyValueStore _store;

    public ChainDatabase(IKeyValueStore store)
    {
        _store = store;
    }

    public IKeyValueStore Store => _store;

    /// <summary>Latest (finalized) state, read from the flat table: one point read, no trie walk.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out byte[] value)
    {
        Span<byte> prefixed = key.Length < 256 ? stackalloc byte[key.Length + 1] : new byte[key.Length + 1];
        prefixed[0] = StateTable;
        key.CopyTo(prefixed[1..]);
        return _store.TryGet(prefixed, out value);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateState(byte[] prefix, byte[]? startAfter)
    {
        foreach (var entry in _store.Iterate(Prefixed(StateTable, prefix), startAfter is null ? null : Prefixed(StateTable, startAfter)))
        {
            yield return new KeyValuePair<byte[], byte[]>(entry.Key[1..], entry.Value);
        }
    }

    public Hash256? GenesisHash => _store.TryGet(GenesisKey, out var bytes) ? new Hash256(bytes) : null;

    /// <summary>The last finalized block (hash and number), or null for an empty database.</summary>
    public (Hash256 Hash, uint Number)? Finalized
    {
        get
        {
            if (!_store.TryGet(FinalizedKey, out var bytes) || bytes.Length != 36)
            {
                return null;
            }

            return (new Hash256(bytes.AsSpan(0, 32)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(32)));
        }
    }

    public BlockHeader? GetHeader(Hash256 hash)
        => _store.TryGet(Prefixed(HeaderTable, hash), out var bytes) && BlockHeader.TryDecode(bytes, out var header, out _) ? header : null;

    public Block? GetBlock(Hash256 hash)
        => _store.TryGet(Prefixed(BlockTable, hash), out var bytes) && Block.TryDecode(bytes, out var block, out _) ? block : null;

    public byte[]? GetEncodedBlock(Hash256 hash) => _store.TryGet(Prefixed(BlockTable, hash), out var bytes) ? bytes : null;

    public FinalityProof? GetFinalityProof(Hash256 hash)
        => _store.TryGet(Prefixed(ProofTable, hash), out var bytes) && FinalityProof.TryDecode(bytes, out var proof, out _) ? proof : null;

    public Hash256? GetHash(uint number)
    {
        Span<byte> key = stackalloc byte[5];
        key[0] = NumberTable;
        BinaryPrimitives.WriteUInt32BigEndian(key[1..], number);
        return _store.TryGet(key, out var bytes) ? new Hash256(bytes) : null;
    }

    /// <summary>Where a transaction landed: block number and index inside the block.</summary>
    public (uint Number, uint Index)? FindTransaction(Hash256 hash)
        => FindTransactionOutcome(hash) is { } found ? (found.Number, found.Index) : null;

    /// <summary>Where a transaction landed and whether its call succeeded (a failed call still paid its fee).</summary>
    public TransactionOutcome? FindTransactionOutcome(Hash256 hash)
    {
        if (!_store.TryGet(Prefixed(TransactionTable, hash), out var bytes) || bytes.Length < 9)
        {
            return null;
        }

        var error = bytes[8] == 0 ? null : System.Text.Encoding.UTF8.GetString(bytes.AsSpan(9));
        return new TransactionOutcome(BinaryPrimitives.ReadUInt32BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)), error);
    }

    /// <summary>
    /// Adds a finalized block to <paramref name="batch"/> (which already holds the block's new trie
    /// nodes) and writes it atomically and durably.
    /// </summary>
    public void CommitBlock(Block block, FinalityProof proof, IReadOnlyList<KeyValuePair<byte[], byte[]?>> stateChanges, IReadOnlyList<Hash256> transactionHashes, IReadOnlyList<Runtime.DispatchError?> outcomes, WriteBatch batch, bool isGenesis, IReadOnlyList<QueueMessage> messages)
    {
        var hash = block.Header.Hash;
        batch.Put(Prefixed(HeaderTable, hash), block.Header.Encode());
        batch.Put(Prefixed(BlockTable, hash), block.Encode());
        batch.Put(Prefixed(ProofTable, hash), proof.Encode());
        batch.PutOwned(Prefixed(MessagesTable, hash), EncodeMessages(messages));
        var numberKey = new byte[5];
        numberKey[0] = NumberTable;
        BinaryPrimitives.WriteUInt32BigEndian(numberKey.AsSpan(1), block.Header.Number);
        batch.Put(numberKey, hash.ToArray());
        for (var i = 0; i < transactionHashes.Count; i++)
        {
            // number ‖ index ‖ outcome (0 = success, 1 = failed) ‖ UTF-8 failure reason.
            var reason = outcomes[i] is { } failure ? System.Text.Encoding.UTF8.GetBytes(failure.Message) : [];
            var location = new byte[9 + reason.Length];
            BinaryPrimitives.WriteUInt32BigEndian(location, block.Header.Number);
            BinaryPrimitives.WriteUInt32BigEndian(location.AsSpan(4), (uint)i);
            location[8] = outcomes[i] is null ? (byte)0 : (byte)1;
            reason.CopyTo(location.AsSpan(9));
            batch.Put(Prefixed(TransactionTable, transactionHashes[i]), location);
        }

        foreach (var change in stateChanges)
        {
            var key = Prefixed(StateTable, change.Key);
            if (change.Value is null) batch.Delete(key);
            else batch.Put(key, change.Value);
        }

        var head = new byte[36];
        hash.CopyTo(head);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(32), block.Header.Number);
        batch.Put(FinalizedKey, head);
        if (isGenesis)
        {
            batch.Put(GenesisKey, hash.ToArray());
        }

        _store.Write(batch);
    }

    /// <summary>The queue messages delivered in a block, SCALE-encoded as Vec&lt;QueueMessage&gt; (null for an unknown block).</summary>
    public byte[]? GetEncodedMessages(Hash256 blockHash) => _store.TryGet(Prefixed(MessagesTable, blockHash), out var bytes) ? bytes : null;

    public static byte[] EncodeMessages(IReadOnlyList<QueueMessage> messages)
    {
        var writer = new ScaleWriter(256);
        try
        {
            writer.WriteLength(messages.Count);
            foreach (var message in messages) message.Encode(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static byte[] Prefixed(byte table, Hash256 hash)
    {
        var key = new byte[33];
        key[0] = table;
        hash.CopyTo(key.AsSpan(1));
        return key;
    }

    private static byte[] Prefixed(byte table, ReadOnlySpan<byte> suffix)
    {
        var key = new byte[suffix.Length + 1];
        key[0] = table;
        suffix.CopyTo(key.AsSpan(1));
        return key;
    }
}
