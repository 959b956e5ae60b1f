using Veil.Chain.Spec;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Storage;

namespace Veil.Chain.Tests.Database;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "veil-chain-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Open_RestoresHeadBalancesAndBlocks_WhenRocksDbIsReopened()
    {
        BlockHeader head;
        Hash256 genesis;
        var hashes = new List<Hash256>();
        var accounts = new Dictionary<string, Veil.Protocol.Accounts.AccountInfo>(StringComparer.Ordinal);
        UInt128 issuance;
        Hash256 transferHash;
        using (var store = RocksDbStore.Open(_directory))
        {
            var t = new TestChain(store: store);
            genesis = t.Chain.GenesisHash;
            hashes.Add(t.Chain.Head.Hash);
            transferHash = t.Submit(t.Transfer("Alice", "Bob", 7 * Veil.Chain.Runtime.ChainParameters.OneVeil)).Hash;
            hashes.Add(t.Produce().Block.Header.Hash);
            t.Submit(t.Transfer("Bob", "Zoe", Veil.Chain.Runtime.ChainParameters.OneVeil));
            t.Submit(t.Transfer("Alice", "Charlie", 1));
            hashes.Add(t.Produce().Block.Header.Hash);
            hashes.Add(t.Produce().Block.Header.Hash);
            head = t.Chain.Head;
            issuance = t.Chain.TotalIssuance;
            foreach (var name in new[] { "Alice", "Bob", "Charlie", "Zoe" }) accounts[name] = t[name];
        }

        using (var store = RocksDbStore.Open(_directory))
        {
            var chain = ChainService.Open(ChainSpec.Dev(), store);

            Assert.Equal(genesis, chain.GenesisHash);
            Assert.Equal(head, chain.Head);
            Assert.Equal(head.Hash, chain.Head.Hash);
            Assert.Equal(issuance, chain.TotalIssuance);
            foreach (var (name, info) in accounts) Assert.Equal(info, chain.GetAccount(TestChain.Account(name)));
            for (var n = 0; n < hashes.Count; n++)
            {
                Assert.Equal(hashes[n], chain.Database.GetHash((uint)n));
                Assert.Equal(hashes[n], chain.Database.GetHeader(hashes[n])!.Hash);
                Assert.Equal(hashes[n], chain.Database.GetBlock(hashes[n])!.Header.Hash);
            }

            Assert.Equal((1u, 0u), chain.Database.FindTransaction(transferHash));
            Assert.Equal(2, chain.Database.GetBlock(hashes[2])!.Extrinsics.Count);

            // The reopened chain keeps going from where it stopped.
            var next = chain.ProduceBlock(TestChain.Key("Alice"), head.Timestamp + 1000, allowEmpty: true)!;
            Assert.Equal(head.Hash, next.Block.Header.ParentHash);
            Assert.Equal(head.Number + 1, next.Block.Header.Number);
        }
    }

    [Fact]
    public void Open_ThrowsChainSpecException_WhenDataDirectoryHoldsAnotherChain()
    {
        using (var store = RocksDbStore.Open(_directory))
        {
            var t = new TestChain(store: store);
            t.Produce();
        }

        var dev = ChainSpec.Dev();
        var other = dev with { Id = "veil_other", Balances = [.. dev.Balances.Take(2)] };
        using (var store = RocksDbStore.Open(_directory))
        {
            var ex = Assert.Throws<ChainSpecException>(() => ChainService.Open(other, store));
            Assert.Contains("the data directory holds chain", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'veil_other'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FinalityProof_VerifiesForEveryBlock_AndFailsWhenTampered()
    {
        using var store = RocksDbStore.Open(_directory);
        var t = new TestChain(store: store);
        t.Submit(t.Transfer("Alice", "Bob", 1));
        t.Produce();
        t.Produce();
        t.Submit(t.Transfer("Bob", "Alice", 1));
        t.Produce();
        var authorities = t.Chain.Spec.Authorities;

        for (uint n = 1; n <= t.Chain.Head.Number; n++)
        {
            var hash = t.Chain.Database.GetHash(n)!.Value;
            var proof = t.Chain.Database.GetFinalityProof(hash)!;

            Assert.Equal((hash, n), (proof.BlockHash, proof.Number));
            Assert.True(proof.Verify(t.Chain.GenesisHash, authorities, 1, out var error), error);

            var signature = (byte[])proof.Signatures[0].Signature.Clone();
            signature[0] ^= 0x80;
            var tampered = proof with { Signatures = [proof.Signatures[0] with { Signature = signature }] };
            Assert.False(tampered.Verify(t.Chain.GenesisHash, authorities, 1, out error));
            Assert.Contains("does not verify", error, StringComparison.Ordinal);
            Assert.False((proof with { BlockHash = t.Chain.GenesisHash }).Verify(t.Chain.GenesisHash, authorities, 1, out _));
            Assert.False(proof.Verify(t.Chain.GenesisHash, [TestChain.Account("Bob")], 1, out _));
        }
    }
}
