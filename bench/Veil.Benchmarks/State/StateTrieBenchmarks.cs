using BenchmarkDotNet.Attributes;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.State;
using Veil.Storage;

namespace Veil.Benchmarks.State;

/// <summary>
/// One block's state update: <see cref="Changes"/> account writes (a transfer touches ~3 keys, so 10k
/// changes ≈ 3.3k transfers) applied over a trie of <see cref="Accounts"/> Substrate-shaped keys
/// (32-byte module/item prefix ‖ blake2_128concat of a 32-byte account), on RocksDB as the node runs it.
/// The target is 20–30k key updates per second alongside signature checking.
/// </summary>
[MemoryDiagnoser]
public class StateTrieBenchmarks
{
    private readonly Random _random = new(42);
    private string _directory = string.Empty;
    private RocksDbStore _store = null!;
    private StateTrie _trie = null!;
    private Hash256 _root;
    private int _block;
    private (byte[] Key, byte[]? Value)[] _changes = [];

    [Params(100_000)]
    public int Accounts { get; set; }

    [Params(10_000)]
    public int Changes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "veil-bench-trie-" + Guid.NewGuid().ToString("N"));
        _store = RocksDbStore.Open(_directory);
        _trie = new StateTrie(_store);
        _root = Hash256.Zero;
        for (var start = 0; start < Accounts; start += 10_000)
        {
            var genesis = new List<(byte[] Key, byte[]? Value)>();
            for (var i = start; i < Math.Min(Accounts, start + 10_000); i++)
            {
                genesis.Add((AccountKey(i), AccountValue(i, 0)));
            }

            var batch = new WriteBatch(genesis.Count * 2);
            _root = _trie.Apply(_root, genesis, batch);
            _store.Write(batch);
        }
    }

    [IterationSetup]
    public void NextBlock()
    {
        _block++;
        _changes = new (byte[] Key, byte[]? Value)[Changes];
        for (var i = 0; i < _changes.Length; i++)
        {
            var account = _random.Next(Accounts);
            _changes[i] = (AccountKey(account), AccountValue(account, _block));
        }
    }

    /// <summary>
    /// Trie work only: sort, update, hash, fill the batch. The batch is dropped and the root stays put, so
    /// each run also reloads from RocksDB the nodes the previous run evicted from the cache as replaced.
    /// </summary>
    [Benchmark]
    public Hash256 ApplyBlock()
    {
        var batch = new WriteBatch(Changes * 3);
        return _trie.Apply(_root, _changes, batch);
    }

    /// <summary>The whole block commit: trie update plus the synced RocksDB write.</summary>
    [Benchmark]
    public Hash256 ApplyAndCommitBlock()
    {
        var batch = new WriteBatch(Changes * 3);
        _root = _trie.Apply(_root, _changes, batch);
        _store.Write(batch);
        return _root;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static byte[] AccountKey(int index)
    {
        Span<byte> account = stackalloc byte[32];
        Blake2b.Hash256(BitConverter.GetBytes(index), account);
        var key = new byte[32 + 16 + 32];
        // twox128("System") ‖ twox128("Account") stand-in: any fixed 32-byte prefix behaves the same.
        key.AsSpan(0, 32).Fill(0x26);
        Blake2b.Hash128(account, key.AsSpan(32, 16));
        account.CopyTo(key.AsSpan(48));
        return key;
    }

    private static byte[] AccountValue(int index, int block)
    {
        // Roughly Substrate's AccountInfo: nonce, ref counts, free/reserved/frozen balances, flags.
        var value = new byte[80];
        BitConverter.TryWriteBytes(value, index);
        BitConverter.TryWriteBytes(value.AsSpan(16), block);
        return value;
    }
}
