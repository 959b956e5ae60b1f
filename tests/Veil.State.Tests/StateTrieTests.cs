using System.Text;
using CsCheck;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;
using Veil.Protocol.Proofs;
using Veil.Storage;

namespace Veil.State.Tests;

public sealed class StateTrieTests
{
    private static readonly byte[] SharedPrefix = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

    // Short keys over a 4-symbol alphabet collide, nest (one key a prefix of another) and include the
    // empty key; long keys share a 32-byte prefix as Substrate storage keys do.
    private static readonly Gen<byte[]> Key = Gen.OneOf(
        Gen.Byte[0, 3].Array[0, 4],
        Gen.Byte[0, 255].Array[1, 3].Select(tail => (byte[])[.. SharedPrefix, .. tail]));

    private static readonly Gen<byte[]> Value = Gen.Byte.Array[0, 6];

    private static readonly Gen<(byte[] Key, byte[]? Value)> Change =
        Gen.Select(Key, Value, Gen.Int[0, 3], (k, v, kind) => (k, kind == 0 ? null : v));

    [Fact]
    public void Apply_MatchesReferenceAndModel_ForAnyBatching()
    {
        Gen.Select(Change.Array[0, 80], Gen.Int[1, 12]).Sample((changes, chunk) =>
        {
            using var fixture = new TrieFixture();
            var model = new Dictionary<byte[], byte[]>(ByteOrder.Instance);
            var root = Hash256.Zero;
            for (var start = 0; start < changes.Length; start += chunk)
            {
                var block = changes.Skip(start).Take(chunk).ToArray();
                root = fixture.Apply(root, block);
                foreach (var (key, value) in block)
                {
                    if (value is null) model.Remove(key);
                    else model[key] = value;
                }
            }

            Assert.Equal(ReferenceTrie.Root(model), root);
            Assert.Equal(root, fixture.Apply(Hash256.Zero, changes));
            foreach (var (key, _) in changes)
            {
                Assert.Equal(model.TryGetValue(key, out var expected), fixture.Trie.TryGet(root, key, out var actual));
                Assert.Equal(expected, actual);
            }
        }, iter: 400);
    }

    [Fact]
    public void Apply_GivesSameRoot_WhenKeysArriveInAnyOrder()
    {
        Gen.Select(Key, Value).Array[1, 40].Select(pairs => pairs.DistinctBy(p => Convert.ToHexString(p.Item1)).ToArray())
            .SelectMany(pairs => Gen.Shuffle(pairs).Select(shuffled => (pairs, shuffled)))
            .Sample(sample =>
            {
                using var fixture = new TrieFixture();
                var sorted = fixture.Apply(Hash256.Zero, sample.pairs.Select(p => (p.Item1, (byte[]?)p.Item2)).ToArray());
                var root = Hash256.Zero;
                foreach (var (key, value) in sample.shuffled)
                {
                    root = fixture.Apply(root, [(key, value)]);
                }

                Assert.Equal(sorted, root);
            }, iter: 200);
    }

    [Fact]
    public void Apply_RestoresEarlierRootExactly_WhenChangesAreUndone()
    {
        Gen.Select(Gen.Select(Key, Value).Array[0, 30], Gen.Select(Key, Value).Array[1, 20]).Sample((initial, extra) =>
        {
            using var fixture = new TrieFixture();
            var baseMap = new Dictionary<byte[], byte[]>(ByteOrder.Instance);
            foreach (var (key, value) in initial) baseMap[key] = value;
            var before = fixture.Build(baseMap);

            var after = fixture.Apply(before, extra.Select(p => (p.Item1, (byte[]?)p.Item2)).ToArray());
            var undo = extra.Select(p => (p.Item1, baseMap.TryGetValue(p.Item1, out var old) ? old : null)).ToArray();
            Assert.Equal(before, fixture.Apply(after, undo));
        }, iter: 300);
    }

    [Fact]
    public void Prove_GivesVerifiableProofs_ForPresentAndAbsentKeys()
    {
        Gen.Select(Gen.Select(Key, Value).Array[0, 40], Key.Array[1, 10]).Sample((entries, probes) =>
        {
            using var fixture = new TrieFixture();
            var model = new Dictionary<byte[], byte[]>(ByteOrder.Instance);
            foreach (var (entryKey, entryValue) in entries) model[entryKey] = entryValue;
            var root = fixture.Build(model);

            foreach (var key in model.Keys.Concat(probes))
            {
                var proof = fixture.Trie.Prove(root, key);
                Assert.True(StateProofVerifier.TryVerify(root, key, proof, out var proven, out var error), error);
                Assert.Equal(model.GetValueOrDefault(key), proven);

                // The proof survives its wire encoding.
                Assert.True(StateProof.TryDecode(proof.Encode(), out var decoded, out error), error);
                Assert.True(StateProofVerifier.TryVerify(root, key, decoded!, out proven, out _));
                Assert.Equal(model.GetValueOrDefault(key), proven);
            }
        }, iter: 300);
    }

    [Fact]
    public void TryVerify_RejectsTamperedProof_AndNeverAcceptsWrongValue_WhenProofIsAltered()
    {
        Gen.Select(Gen.Select(Key, Value).Array[1, 40], Key, Gen.Int, Gen.Int).Sample((entries, probe, pick, position) =>
        {
            using var fixture = new TrieFixture();
            var model = new Dictionary<byte[], byte[]>(ByteOrder.Instance);
            foreach (var (entryKey, entryValue) in entries) model[entryKey] = entryValue;
            var root = fixture.Build(model);
            var keys = model.Keys.Append(probe).ToArray();
            var key = keys[(int)((uint)pick % keys.Length)];
            var nodes = fixture.Trie.Prove(root, key).Nodes;
            var n = nodes.Count;
            var at = (int)((uint)position % n);

            var flipped = nodes.Select(node => node.ToArray()).ToArray();
            flipped[at][(int)((uint)position % flipped[at].Length)] ^= 0x01;
            Assert.False(StateProofVerifier.TryVerify(root, key, flipped, out _, out _));

            Assert.False(StateProofVerifier.TryVerify(root, key, nodes.Where((_, i) => i != at).ToArray(), out _, out _));
            Assert.False(StateProofVerifier.TryVerify(root, key, [.. nodes, nodes[at]], out _, out _));
            Assert.False(StateProofVerifier.TryVerify(Blake2b.Hash256(root.ToArray()), key, nodes, out _, out _));
            Assert.False(StateProofVerifier.TryVerify(root, key, nodes.Reverse().ToArray(), out _, out _) && n > 1);

            // The last node re-encoded with another value no longer hashes to its parent's reference.
            Assert.True(TrieNodeCodec.TryDecode(nodes[^1], out var last, out _));
            if (last!.Kind == TrieNodeKind.Leaf)
            {
                var swapped = Encode((ref ScaleWriter w) => TrieNodeCodec.WriteLeaf(ref w, last.Path, Appended(last.Value!)));
                Assert.False(StateProofVerifier.TryVerify(root, key, [.. nodes.Take(n - 1), swapped], out _, out _));
            }

            // Soundness: a genuine proof of one key, offered for any other key, never yields a wrong answer.
            foreach (var other in keys)
            {
                if (StateProofVerifier.TryVerify(root, other, nodes, out var value, out _))
                {
                    Assert.Equal(model.GetValueOrDefault(other), value);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Apply_ReturnsSameRootAndWritesNothing_WhenChangesAreNoOps()
    {
        using var fixture = new TrieFixture();
        var root = fixture.Build(Map(("alpha", "1"), ("alphabet", "2"), ("beta", "3")));

        var batch = new WriteBatch();
        var same = fixture.Trie.Apply(root, [(Bytes("alpha"), Bytes("1")), (Bytes("gamma"), null), (Bytes("alp"), null), (Bytes("alphabets"), null)], batch);

        Assert.Equal(root, same);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Apply_WritesEachNewNodeOnce_WhenManyChangesShareAPath()
    {
        using var fixture = new TrieFixture();
        var root = fixture.Build(Enumerable.Range(0, 2000).ToDictionary(i => AccountKey(i), i => Bytes($"v{i}"), ByteOrder.Instance));

        var batch = new WriteBatch();
        var changes = Enumerable.Range(0, 2000).Where(i => i % 3 == 0).Select(i => (AccountKey(i), (byte[]?)Bytes($"w{i}"))).ToArray();
        var newRoot = fixture.Trie.Apply(root, changes, batch);

        var keys = batch.Operations.Select(op => Convert.ToHexString(op.Key)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(batch.Operations, op => Assert.Equal(StateTrie.NodeKey(Blake2b.Hash256(op.Value!)), op.Key));
        Assert.Contains(Convert.ToHexString(StateTrie.NodeKey(newRoot)), keys);
    }

    [Fact]
    public void Apply_KeepsLastChange_WhenKeyRepeatsInOneBatch()
    {
        using var fixture = new TrieFixture();
        var root = fixture.Apply(Hash256.Zero, [(Bytes("k"), Bytes("1")), (Bytes("j"), Bytes("x")), (Bytes("k"), null), (Bytes("k"), Bytes("3")), (Bytes("j"), null)]);

        Assert.Equal(ReferenceTrie.Root(Map(("k", "3"))), root);
    }

    [Fact]
    public void Apply_ReturnsEmptyRoot_WhenEverythingIsDeleted()
    {
        using var fixture = new TrieFixture();
        var root = fixture.Build(Map(("a", "1"), ("ab", "2"), ("b", "3")));

        Assert.Equal(StateTrie.EmptyRoot, fixture.Apply(root, [(Bytes("a"), null), (Bytes("ab"), null), (Bytes("b"), null)]));
        Assert.Equal(Hash256.Zero, StateTrie.EmptyRoot);
        Assert.False(fixture.Trie.TryGet(StateTrie.EmptyRoot, Bytes("a"), out _));
        Assert.Empty(fixture.Trie.Prove(StateTrie.EmptyRoot, Bytes("a")).Nodes);
    }

    [Fact]
    public void TryGet_ReadsHistoricRoots_AfterLaterBlocksAndRestart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "veil-state-" + Guid.NewGuid().ToString("N"));
        try
        {
            Hash256 first, second;
            using (var store = RocksDbStore.Open(directory))
            {
                var trie = new StateTrie(store);
                var batch = new WriteBatch();
                first = trie.Apply(Hash256.Zero, [(Bytes("a"), Bytes("1")), (Bytes("b"), Bytes("2"))], batch);
                second = trie.Apply(first, [(Bytes("a"), Bytes("9")), (Bytes("c"), Bytes("3"))], batch);
                store.Write(batch);
            }

            using (var store = RocksDbStore.Open(directory))
            {
                var trie = new StateTrie(store, cacheCapacity: 2);
                Assert.True(trie.TryGet(first, Bytes("a"), out var a1));
                Assert.Equal(Bytes("1"), a1);
                Assert.False(trie.TryGet(first, Bytes("c"), out _));
                Assert.True(trie.TryGet(second, Bytes("a"), out var a2));
                Assert.Equal(Bytes("9"), a2);
                Assert.True(trie.TryGet(second, Bytes("b"), out var b2));
                Assert.Equal(Bytes("2"), b2);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Apply_MatchesReference_WhenCacheIsTinyAndNodesComeFromStore()
    {
        using var fixture = new TrieFixture(cacheCapacity: 4);
        var model = new Dictionary<byte[], byte[]>(ByteOrder.Instance);
        var random = new Random(7);
        var root = Hash256.Zero;
        for (var block = 0; block < 20; block++)
        {
            var changes = new List<(byte[] Key, byte[]? Value)>();
            for (var i = 0; i < 150; i++)
            {
                var key = AccountKey(random.Next(1500));
                var value = random.Next(5) == 0 ? null : BitConverter.GetBytes(random.Next());
                changes.Add((key, value));
                if (value is null) model.Remove(key);
                else model[key] = value;
            }

            root = fixture.Apply(root, changes);
        }

        Assert.Equal(ReferenceTrie.Root(model), root);
        foreach (var (key, value) in model)
        {
            Assert.True(fixture.Trie.TryGet(root, key, out var stored));
            Assert.Equal(value, stored);
        }
    }

    [Fact]
    public void TryGet_Throws_WhenRootIsUnknown()
    {
        using var fixture = new TrieFixture();
        var unknown = Blake2b.Hash256(Bytes("nowhere"));

        var error = Assert.Throws<MissingTrieNodeException>(() => fixture.Trie.TryGet(unknown, Bytes("a"), out _));
        Assert.Equal(unknown, error.Hash);
        Assert.Throws<MissingTrieNodeException>(() => fixture.Trie.Apply(unknown, [(Bytes("a"), Bytes("1"))], new WriteBatch()));
    }

    [Fact]
    public void TryGet_StaysCorrect_WhenAnotherThreadAppliesBlocks()
    {
        using var fixture = new TrieFixture(cacheCapacity: 64);
        var genesis = fixture.Build(Enumerable.Range(0, 500).ToDictionary(i => AccountKey(i), i => BitConverter.GetBytes(i), ByteOrder.Instance));

        var writer = Task.Run(() =>
        {
            var root = genesis;
            for (var block = 1; block <= 30; block++)
            {
                root = fixture.Apply(root, Enumerable.Range(0, 500).Select(i => (AccountKey(i), (byte[]?)BitConverter.GetBytes(i + (block * 1000)))).ToArray());
            }
        });

        while (!writer.IsCompleted)
        {
            for (var i = 0; i < 500; i += 37)
            {
                Assert.True(fixture.Trie.TryGet(genesis, AccountKey(i), out var value));
                Assert.Equal(i, BitConverter.ToInt32(value));
            }
        }

        writer.Wait();
    }

    [Fact]
    public void Root_MatchesGoldenVector_ForFixedMap()
    {
        using var fixture = new TrieFixture();
        var root = fixture.Build(Map(("", "empty key"), ("do", "verb"), ("dog", "puppy"), ("doge", "coin"), ("horse", "stallion")));

        // Frozen: changing the node encoding or trie shape changes every state root on the chain.
        Assert.Equal("0x15e4a655e51e2fa330dd838727126907afb0d0d164881cc7adaf7a47cac046be", root.ToString());
    }

    internal static byte[] AccountKey(int i)
        => [.. SharedPrefix, .. Blake2b.Hash128(BitConverter.GetBytes(i)), .. Blake2b.Hash256(BitConverter.GetBytes(i)).ToArray()];

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static Dictionary<byte[], byte[]> Map(params (string Key, string Value)[] entries)
        => entries.ToDictionary(e => Bytes(e.Key), e => Bytes(e.Value), ByteOrder.Instance);

    private static byte[] Encode(WriteNode write)
    {
        var writer = new ScaleWriter(64);
        try
        {
            write(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static byte[] Appended(byte[] value) => [.. value, 1];

    private delegate void WriteNode(ref ScaleWriter writer);
}
