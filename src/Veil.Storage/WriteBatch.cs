namespace Veil.Storage;

/// <summary>
/// An ordered list of puts and deletes that a store applies atomically. Independent of the backend, so
/// the runtime and the state trie can fill one batch per block and the node commits it in one write.
/// Not thread-safe: one writer fills a batch.
/// </summary>
public sealed class WriteBatch
{
    // Rough per-entry bookkeeping cost in the backend (RocksDB's record header and length varints).
    private const int EntryOverhead = 8;

    private readonly List<WriteOperation> _operations;
    private long _approximateSize;

    public WriteBatch(int capacity = 16) => _operations = new List<WriteOperation>(capacity);

    /// <summary>The number of operations, counting repeated keys separately.</summary>
    public int Count => _operations.Count;

    /// <summary>Bytes of keys and values plus a small per-entry overhead; for sizing and metrics.</summary>
    public long ApproximateSize => _approximateSize;

    /// <summary>The operations in the order they were added.</summary>
    public IReadOnlyList<WriteOperation> Operations => _operations;

    /// <summary>Stores a copy of <paramref name="key"/> and <paramref name="value"/>.</summary>
    public WriteBatch Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => PutOwned(key.ToArray(), value.ToArray());

    /// <summary>
    /// Stores the arrays themselves without copying; the caller hands them over and must not change them
    /// afterwards. The state trie uses this for the ~25k fresh node encodings of a block.
    /// </summary>
    public WriteBatch PutOwned(byte[] key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _operations.Add(new WriteOperation(key, value));
        _approximateSize += key.Length + value.Length + EntryOverhead;
        return this;
    }

    public WriteBatch Delete(ReadOnlySpan<byte> key)
    {
        _operations.Add(new WriteOperation(key.ToArray(), null));
        _approximateSize += key.Length + EntryOverhead;
        return this;
    }

    public void Clear()
    {
        _operations.Clear();
        _approximateSize = 0;
    }
}
