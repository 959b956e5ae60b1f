using System.Diagnostics.CodeAnalysis;
using RocksDbSharp;
using NativeWriteBatch = RocksDbSharp.WriteBatch;

namespace Veil.Storage;

/// <summary>
/// <see cref="IKeyValueStore"/> on RocksDB (one default column family). Every <see cref="Write"/> is
/// synced to the write-ahead log before it returns, so a committed block survives a power cut, and
/// RocksDB applies a batch atomically, so a crash never leaves half a block.
/// </summary>
public sealed class RocksDbStore : IKeyValueStore
{
    /// <summary>Default LRU block cache: hot trie nodes and index/filter blocks stay in memory.</summary>
    public const ulong DefaultBlockCacheBytes = 64UL << 20;

    private readonly RocksDb _db;
    private readonly WriteOptions _syncWrites;

    // RocksDB holds raw pointers to the cache and filter; keep the managed owners alive with the database.
    private readonly DbOptions _options;
    private readonly Cache _blockCache;
    private readonly BloomFilterPolicy _bloomFilter;
    private int _disposed;

    private RocksDbStore(RocksDb db, DbOptions options, Cache blockCache, BloomFilterPolicy bloomFilter, string path)
    {
        _db = db;
        _options = options;
        _blockCache = blockCache;
        _bloomFilter = bloomFilter;
        _syncWrites = new WriteOptions().SetSync(true);
        Path = path;
    }

    /// <summary>The database directory.</summary>
    public string Path { get; }

    /// <summary>Opens the database at <paramref name="path"/>, creating the directory and database if missing.</summary>
    public static RocksDbStore Open(string path, ulong blockCacheBytes = DefaultBlockCacheBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(fullPath);

        var cache = Cache.CreateLru(blockCacheBytes);
        // 10 bits per key: ~1% false positives, so a lookup of a missing key rarely touches disk.
        var bloom = BloomFilterPolicy.Create(10, false);
        var table = new BlockBasedTableOptions()
            .SetBlockCache(cache)
            .SetFilterPolicy(bloom)
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true)
            .SetFormatVersion(5);
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .IncreaseParallelism(Math.Max(2, Environment.ProcessorCount))
            .SetLevelCompactionDynamicLevelBytes(true)
            .SetKeepLogFileNum(5)
            .SetBlockBasedTableFactory(table);

        var db = RocksDb.Open(options, fullPath);
        return new RocksDbStore(db, options, cache, bloom, fullPath);
    }

    public bool TryGet(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] value)
    {
        ThrowIfDisposed();
        value = _db.Get(key, null, null);
        return value is not null;
    }

    public bool Contains(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        return _db.HasKey(key, null, null);
    }

    public void Write(WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        using var native = new NativeWriteBatch();
        foreach (var operation in batch.Operations)
        {
            if (operation.Value is null)
            {
                native.Delete(operation.Key.AsSpan(), null);
            }
            else
            {
                native.Put(operation.Key.AsSpan(), operation.Value.AsSpan(), null);
            }
        }

        _db.Write(native, _syncWrites);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Iterate(ReadOnlySpan<byte> prefix, byte[]? startAfter = null)
    {
        ThrowIfDisposed();
        return Enumerate(prefix.ToArray(), KeyOrder.SeekTarget(prefix, startAfter));
    }

    /// <summary>Closes the database. Idempotent; must not race with other calls or live iterations.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _db.Dispose();
        GC.KeepAlive(_options);
        GC.KeepAlive(_blockCache);
        GC.KeepAlive(_bloomFilter);
    }

    private IEnumerable<KeyValuePair<byte[], byte[]>> Enumerate(byte[] prefix, byte[] seek)
    {
        // A RocksDB iterator pins an implicit snapshot, so concurrent batches are invisible to it.
        using var iterator = _db.NewIterator(null, null);
        for (iterator.Seek(seek); iterator.Valid(); iterator.Next())
        {
            if (!iterator.GetKeySpan().StartsWith(prefix))
            {
                yield break;
            }

            yield return new KeyValuePair<byte[], byte[]>(iterator.Key(), iterator.Value());
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
