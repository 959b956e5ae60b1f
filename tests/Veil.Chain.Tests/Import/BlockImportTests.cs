using Veil.Chain.Import;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Protocol.Blocks;
using Veil.Protocol.Proofs;
using Veil.Storage;

namespace Veil.Chain.Tests.Import;

public sealed class BlockImportTests
{
    [Fact]
    public void ImportBlock_ReproducesEveryBlockHashStateRootAndBalance_WhenBlocksComeFromAnotherNode()
    {
        var producer = new TestChain();
        var blocks = ImportedChain.Produce(producer);
        var importer = new TestChain();
        var announced = new List<FinalizedBlock>();
        importer.Chain.BlockFinalized += announced.Add;

        foreach (var produced in blocks)
        {
            var result = importer.Chain.ImportBlock(produced.Block, produced.Proof);
            Assert.True(result.Status == BlockImportStatus.Imported, result.Message);
            Assert.Equal(produced.Block.Header.Hash, importer.Chain.Head.Hash);
            Assert.Equal(produced.Block.Header.StateRoot, importer.Chain.Head.StateRoot);
        }

        Assert.Equal(producer.Chain.Head, importer.Chain.Head);
        Assert.Equal(blocks.Count, announced.Count);
        foreach (var name in new[] { "Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "Zoe" })
        {
            Assert.Equal(producer[name], importer[name]);
        }

        Assert.Equal(producer.Chain.TotalIssuance, importer.Chain.TotalIssuance);
        var withMessage = blocks[1].Block.Header.Hash;
        Assert.Equal(producer.Chain.Database.GetEncodedMessages(withMessage), importer.Chain.Database.GetEncodedMessages(withMessage));
        Assert.NotEqual(MerkleList.Root([]), blocks[1].Block.Header.MessagesRoot);
        var transfer = blocks[0].TransactionHashes[0];
        Assert.Equal(producer.Chain.Database.FindTransactionOutcome(transfer), importer.Chain.Database.FindTransactionOutcome(transfer));
        Assert.Equal(producer.Chain.Database.GetFinalityProof(producer.Chain.Head.Hash)!.Encode(), importer.Chain.Database.GetFinalityProof(importer.Chain.Head.Hash)!.Encode());
    }

    [Fact]
    public void ImportBlock_IsIdempotent_AndRefusesAnotherHistory_WhenTheHeightIsAlreadyFinalized()
    {
        var producer = new TestChain();
        var blocks = ImportedChain.Produce(producer);
        var importer = new TestChain();
        Assert.True(importer.Chain.ImportBlock(blocks[0].Block, blocks[0].Proof).IsAccepted);

        var again = importer.Chain.ImportBlock(blocks[0].Block, blocks[0].Proof);
        Assert.Equal(BlockImportStatus.AlreadyImported, again.Status);
        Assert.True(again.IsAccepted);

        var other = new TestChain();
        other.Submit(other.Transfer("Ferdie", "Eve", 1));
        var fork = other.Produce();
        var conflict = importer.Chain.ImportBlock(fork.Block, fork.Proof);
        Assert.Equal(BlockImportStatus.ConflictsWithFinalized, conflict.Status);
        Assert.Equal(blocks[0].Block.Header.Hash, importer.Chain.Head.Hash);
    }

    public static TheoryData<string> Forgeries() =>
    [
        "state root changed, re-signed by the authority",
        "state root changed, proof left as it was",
        "extrinsic swapped, header left as it was",
        "extrinsic swapped, header re-rooted and re-signed",
        "extrinsic signature broken, header re-rooted and re-signed",
        "extrinsic dropped, header re-rooted and re-signed",
        "messages root changed, re-signed",
        "timestamp not after the parent's, re-signed",
        "parent hash changed, re-signed",
        "block skips a height",
        "proof signed by a key that is not an authority",
        "proof without signatures",
        "proof signed over another genesis",
        "proof signed twice by the authority",
        "proof for another block",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void ImportBlock_RefusesTheBlock_AndLeavesTheDatabaseUntouched_WhenItIsForged(string forgery)
    {
        var producer = new TestChain();
        var blocks = ImportedChain.Produce(producer);
        var store = new MemoryStore();
        var importer = new TestChain(store: store);
        Assert.True(importer.Chain.ImportBlock(blocks[0].Block, blocks[0].Proof).IsAccepted);
        var genesis = importer.Chain.GenesisHash;
        var target = blocks[1];
        var header = target.Block.Header;
        var (block, proof, expected) = Forge(forgery, producer, blocks, target, genesis);

        var head = importer.Chain.Head;
        var entries = store.Count;
        var alice = importer["Alice"];
        var announced = 0;
        importer.Chain.BlockFinalized += _ => announced++;

        var result = importer.Chain.ImportBlock(block, proof);

        Assert.False(result.IsAccepted);
        Assert.True(expected == result.Status, $"{forgery}: expected {expected}, got {result.Status}: {result.Message}");
        Assert.NotEmpty(result.Message);
        Assert.Equal(head, importer.Chain.Head);
        Assert.Equal(entries, store.Count);
        Assert.Equal(alice, importer["Alice"]);
        Assert.Equal((head.Hash, head.Number), importer.Chain.Database.Finalized);
        Assert.Equal(0, announced);

        // The genuine block is still importable afterwards.
        Assert.Equal(BlockImportStatus.Imported, importer.Chain.ImportBlock(target.Block, target.Proof).Status);
        Assert.Equal(header.Hash, importer.Chain.Head.Hash);
    }

    private static (Block Block, FinalityProof Proof, BlockImportStatus Expected) Forge(string forgery, TestChain producer, List<FinalizedBlock> blocks, FinalizedBlock target, Hash256 genesis)
    {
        var header = target.Block.Header;
        var extrinsics = target.Block.Extrinsics;
        Block Rebuild(BlockHeader h, IReadOnlyList<byte[]>? body = null) => new(h, body ?? extrinsics);
        (Block, FinalityProof, BlockImportStatus) Resigned(BlockHeader h, BlockImportStatus status, IReadOnlyList<byte[]>? body = null)
            => (Rebuild(h, body), ImportedChain.Sign(h, genesis, "Alice"), status);
        BlockHeader Rooted(IReadOnlyList<byte[]> body)
        {
            var hashes = new List<Hash256>();
            foreach (var e in body)
            {
                Assert.True(Veil.Protocol.Transactions.ExtrinsicCodec.TryDecode(e, out var decoded, out _));
                hashes.Add(decoded.Hash);
            }

            return header with { ExtrinsicsRoot = MerkleList.Root(hashes) };
        }

        // A valid transfer that is not in the block: Ferdie's first.
        var swapped = new List<byte[]>(extrinsics) { [0] = producer.Transfer("Ferdie", "Bob", 1, nonce: 0) };
        switch (forgery)
        {
            case "state root changed, re-signed by the authority":
                return Resigned(header with { StateRoot = new Hash256(new byte[32]) }, BlockImportStatus.StateRootMismatch);
            case "state root changed, proof left as it was":
                return (Rebuild(header with { StateRoot = new Hash256(new byte[32]) }), target.Proof, BlockImportStatus.InvalidFinalityProof);
            case "extrinsic swapped, header left as it was":
                return (Rebuild(header, swapped), target.Proof, BlockImportStatus.ExtrinsicsRootMismatch);
            case "extrinsic swapped, header re-rooted and re-signed":
                return Resigned(Rooted(swapped), BlockImportStatus.StateRootMismatch, swapped);
            case "extrinsic signature broken, header re-rooted and re-signed":
                {
                    var broken = new List<byte[]>(extrinsics);
                    var bytes = (byte[])broken[1].Clone();
                    bytes[40] ^= 0x01; // inside the Ed25519 signature (after length, version, MultiAddress and signer)
                    broken[1] = bytes;
                    return Resigned(Rooted(broken), BlockImportStatus.InvalidExtrinsic, broken);
                }

            case "extrinsic dropped, header re-rooted and re-signed":
                {
                    // Drop the queue push (MessageQueue is module 4): the block then delivers no message.
                    var dropped = new List<byte[]>();
                    foreach (var e in extrinsics)
                    {
                        Assert.True(Veil.Protocol.Transactions.ExtrinsicCodec.TryDecode(e, out var decoded, out _));
                        if (decoded.Call[0] != 4) dropped.Add(e);
                    }

                    Assert.Single(dropped);
                    return Resigned(Rooted(dropped), BlockImportStatus.MessagesRootMismatch, dropped);
                }

            case "messages root changed, re-signed":
                return Resigned(header with { MessagesRoot = MerkleList.Root([]) }, BlockImportStatus.MessagesRootMismatch);
            case "timestamp not after the parent's, re-signed":
                return Resigned(header with { Timestamp = blocks[0].Block.Header.Timestamp }, BlockImportStatus.InvalidHeader);
            case "parent hash changed, re-signed":
                return Resigned(header with { ParentHash = new Hash256(new byte[32]) }, BlockImportStatus.ParentMismatch);
            case "block skips a height":
                return (blocks[2].Block, blocks[2].Proof, BlockImportStatus.NotNext);
            case "proof signed by a key that is not an authority":
                return (target.Block, ImportedChain.Sign(header, genesis, "Bob"), BlockImportStatus.InvalidFinalityProof);
            case "proof without signatures":
                return (target.Block, new FinalityProof(header.Hash, header.Number, []), BlockImportStatus.InvalidFinalityProof);
            case "proof signed over another genesis":
                return (target.Block, ImportedChain.Sign(header, new Hash256(new byte[32]), "Alice"), BlockImportStatus.InvalidFinalityProof);
            case "proof signed twice by the authority":
                {
                    var twice = ImportedChain.Sign(header, genesis, "Alice", "Alice");
                    return (target.Block, twice, BlockImportStatus.InvalidFinalityProof);
                }

            case "proof for another block":
                return (target.Block, blocks[0].Proof, BlockImportStatus.InvalidFinalityProof);
            default:
                throw new ArgumentOutOfRangeException(nameof(forgery), forgery, "unknown forgery");
        }
    }

    [Fact]
    public void ImportBlock_NeedsAMajorityOfTheAuthorities_WhenTheSpecNamesThree()
    {
        var spec = ChainSpec.Dev() with { Authorities = [TestChain.Account("Alice"), TestChain.Account("Bob"), TestChain.Account("Charlie")] };
        var producer = new TestChain(spec);
        var blocks = ImportedChain.Produce(producer);
        var importer = new TestChain(spec);
        var header = blocks[0].Block.Header;
        Assert.Equal(2, importer.Chain.FinalityThreshold);

        var one = importer.Chain.ImportBlock(blocks[0].Block, blocks[0].Proof);
        Assert.Equal(BlockImportStatus.InvalidFinalityProof, one.Status);
        Assert.Contains("1 valid authority signature(s); 2 needed", one.Message, StringComparison.Ordinal);

        var outsider = importer.Chain.ImportBlock(blocks[0].Block, ImportedChain.Sign(header, importer.Chain.GenesisHash, "Alice", "Dave"));
        Assert.Equal(BlockImportStatus.InvalidFinalityProof, outsider.Status);
        Assert.Equal(0u, importer.Chain.Head.Number);

        var two = importer.Chain.ImportBlock(blocks[0].Block, ImportedChain.Sign(header, importer.Chain.GenesisHash, "Charlie", "Alice"));
        Assert.True(two.Status == BlockImportStatus.Imported, two.Message);
    }

    [Fact]
    public void Open_ResumesImportFromTheLastImportedBlock_WhenTheImporterRestarts()
    {
        var producer = new TestChain();
        var blocks = ImportedChain.Produce(producer);
        var store = new MemoryStore();
        var first = ChainService.Open(ChainSpec.Dev(), store);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(first.ImportBlock(blocks[i].Block, blocks[i].Proof).IsAccepted);
        }

        var reopened = ChainService.Open(ChainSpec.Dev(), store);
        Assert.Equal(blocks[2].Block.Header, reopened.Head);
        Assert.Equal(BlockImportStatus.AlreadyImported, reopened.ImportBlock(blocks[1].Block, blocks[1].Proof).Status);
        for (var i = 3; i < blocks.Count; i++)
        {
            var result = reopened.ImportBlock(blocks[i].Block, blocks[i].Proof);
            Assert.True(result.Status == BlockImportStatus.Imported, result.Message);
        }

        Assert.Equal(producer.Chain.Head, reopened.Head);
        Assert.Equal(producer.Chain.GetAccount(TestChain.Account("Alice")), reopened.GetAccount(TestChain.Account("Alice")));
    }
}
