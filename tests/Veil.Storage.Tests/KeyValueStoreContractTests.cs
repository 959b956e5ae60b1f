using System.Text;
using CsCheck;
using Veil.Storage;

namespace Veil.Storage.Tests;

/// <summary>The behaviour every <see cref="IKeyValueStore"/> must share; each backend runs all of it.</summary>
public abstract class KeyValueStoreContractTests : IDisposable
{
    private int _namespaceCounter;

    protected KeyValueStoreContractTests(IKeyValueStore store) => Store = store;

    protected IKeyValueStore Store { get; }

    public virtual void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void TryGet_ReturnsFalse_WhenKeyWasNeverWritten()
    {
        Assert.False(Store.TryGet(Bytes("missing"), out var value));
        Assert.Null(value);
        Assert.False(Store.Contains(Bytes("missing")));
    }

    [Fact]
    public void Write_StoresPutsAndDeletes_WhenBatchIsWritten()
    {
        Store.Write(new WriteBatch().Put(Bytes("a"), Bytes("1")).Put(Bytes("b"), Bytes("2")));
        Store.Write(new WriteBatch().Delete(Bytes("a")).Put(Bytes("c"), []));

        Assert.False(Store.Contains(Bytes("a")));
        Assert.True(Store.TryGet(Bytes("b"), out var b));
        Assert.Equal(Bytes("2"), b);
        Assert.True(Store.TryGet(Bytes("c"), out var c));
        Assert.Empty(c);
        Assert.True(Store.Contains(Bytes("c")));
    }

    [Fact]
    public void Write_KeepsLastOperation_WhenBatchRepeatsKey()
    {
        Store.Write(new WriteBatch().Put(Bytes("k"), Bytes("1")).Delete(Bytes("k")).Put(Bytes("k"), Bytes("3")));
        Store.Write(new WriteBatch().Put(Bytes("j"), Bytes("1")).Put(Bytes("j"), Bytes("2")).Delete(Bytes("j")));

        Assert.True(Store.TryGet(Bytes("k"), out var k));
        Assert.Equal(Bytes("3"), k);
        Assert.False(Store.Contains(Bytes("j")));
    }

    [Fact]
    public void Write_DoesNothing_WhenBatchIsEmpty()
    {
        Store.Write(new WriteBatch());
        Assert.Empty(Store.Iterate([]));
    }

    [Fact]
    public void TryGet_ReturnsCopy_WhenCallerMutatesResult()
    {
        Store.Write(new WriteBatch().Put(Bytes("k"), Bytes("value")));
        Store.TryGet(Bytes("k"), out var first);
        first![0] = 0;

        Store.TryGet(Bytes("k"), out var second);
        Assert.Equal(Bytes("value"), second);
    }

    [Fact]
    public void Iterate_ReturnsPrefixInByteOrder_WhenKeysHaveMixedLengths()
    {
        byte[][] keys = [[1], [1, 0], [1, 0xFF], [1, 0xFF, 0xFF], [1, 2, 3], [0, 9], [2], [0xFF], [0xFF, 0xFF, 1]];
        var batch = new WriteBatch();
        foreach (var key in keys)
        {
            batch.Put(key, key);
        }

        Store.Write(batch);

        Assert.Equal(Hexes([[1], [1, 0], [1, 2, 3], [1, 0xFF], [1, 0xFF, 0xFF]]), Hexes(Keys(Store.Iterate([1]))));
        Assert.Equal(Hexes([[0xFF], [0xFF, 0xFF, 1]]), Hexes(Keys(Store.Iterate([0xFF]))));
        Assert.Equal(keys.Length, Store.Iterate([]).Count());
        Assert.Empty(Store.Iterate([3]));
        Assert.All(Store.Iterate([]), pair => Assert.Equal(pair.Key, pair.Value));
    }

    [Fact]
    public void Iterate_StartsAfterGivenKey_WhenPaging()
    {
        var batch = new WriteBatch();
        for (byte i = 0; i < 10; i++)
        {
            batch.Put([7, i], [i]);
        }

        Store.Write(batch);

        Assert.Equal(Hexes([[7, 4], [7, 5]]), Hexes(Keys(Store.Iterate([7], [7, 3]).Take(2))));
        Assert.Equal(Hexes([[7, 4]]), Hexes(Keys(Store.Iterate([7], [7, 3, 0]).Take(1))));
        Assert.Equal(10, Store.Iterate([7], [6, 0xFF]).Count());
        Assert.Empty(Store.Iterate([7], [7, 9]));
        Assert.Empty(Store.Iterate([7], [8]));
    }

    [Fact]
    public void Iterate_ShowsOneVersion_WhenBatchIsWrittenDuringEnumeration()
    {
        Store.Write(new WriteBatch().Put([5, 1], [1]).Put([5, 2], [1]).Put([5, 3], [1]));

        var seen = new List<byte[]>();
        foreach (var pair in Store.Iterate([5]))
        {
            if (seen.Count == 0)
            {
                Store.Write(new WriteBatch().Delete([5, 3]).Put([5, 2], [2]).Put([5, 4], [2]));
            }

            seen.Add(pair.Value);
        }

        Assert.Equal(3, seen.Count);
        Assert.All(seen, value => Assert.Equal([1], value));
    }

    [Fact]
    public void Iterate_MatchesSortedModel_ForRandomBatches()
    {
        var operation = Gen.Select(Gen.Byte[0, 3].Array[0, 3], Gen.Byte.Array[0, 4], Gen.Bool);
        var batches = operation.Array[0, 12].Array[1, 6];

        batches.Sample(ops =>
        {
            // Each sample works under its own key prefix, so samples can share one store.
            var ns = BitConverter.GetBytes(Interlocked.Increment(ref _namespaceCounter));
            var model = new SortedDictionary<byte[], byte[]>(ByteOrder.Instance);
            foreach (var batchOps in ops)
            {
                var batch = new WriteBatch();
                foreach (var (suffix, value, delete) in batchOps)
                {
                    var key = ns.Concat(suffix).ToArray();
                    if (delete)
                    {
                        batch.Delete(key);
                        model.Remove(key);
                    }
                    else
                    {
                        batch.Put(key, value);
                        model[key] = value;
                    }
                }

                Store.Write(batch);
            }

            Assert.Equal(Hexes(model.Keys), Hexes(Keys(Store.Iterate(ns))));
            foreach (var (key, value) in model)
            {
                Assert.True(Store.TryGet(key, out var stored));
                Assert.Equal(value, stored);
            }
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Iterate_NeverShowsHalfABatch_WhenReadersRunDuringWrites()
    {
        const int Keys = 8;
        const int Rounds = 300;
        var writer = Task.Run(() =>
        {
            for (var round = 1; round <= Rounds; round++)
            {
                var batch = new WriteBatch();
                for (byte k = 0; k < Keys; k++)
                {
                    batch.Put([9, k], BitConverter.GetBytes(round));
                }

                Store.Write(batch);
            }
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var reads = 0;
            while (!writer.IsCompleted || reads == 0)
            {
                var values = Store.Iterate([9]).Select(pair => BitConverter.ToInt32(pair.Value)).ToList();
                Assert.True(values.Count is 0 or Keys, $"saw {values.Count} keys");
                Assert.True(values.Distinct().Count() <= 1, $"saw mixed rounds {string.Join(",", values)}");
                if (Store.TryGet([9, 0], out var v))
                {
                    Assert.InRange(BitConverter.ToInt32(v), 1, Rounds);
                }

                reads++;
            }
        })).ToArray();

        Task.WaitAll([writer, .. readers]);
        Assert.True(Store.TryGet([9, Keys - 1], out var last));
        Assert.Equal(Rounds, BitConverter.ToInt32(last));
    }

    [Fact]
    public void Dispose_MakesLaterCallsThrow_WhenCalledTwice()
    {
        Store.Dispose();
        Store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Store.TryGet([1], out _));
        Assert.Throws<ObjectDisposedException>(() => Store.Write(new WriteBatch()));
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static IEnumerable<byte[]> Keys(IEnumerable<KeyValuePair<byte[], byte[]>> pairs) => pairs.Select(pair => pair.Key);

    private static List<string> Hexes(IEnumerable<byte[]> keys) => keys.Select(Convert.ToHexString).ToList();
}
