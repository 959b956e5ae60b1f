using BenchmarkDotNet.Attributes;
using Veil.Chain;
using Veil.Chain.Runtime;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto.Derivation;
using Veil.Protocol.Blocks;
using Veil.Sdk;
using Veil.Storage;

namespace Veil.Benchmarks.Chain;

/// <summary>
/// What a full node pays per transfer while catching up: <see cref="ChainService.ImportBlock"/> of a
/// 2,000-transfer block produced elsewhere (finality proof, decode, parallel signature checks,
/// re-execution, state root, commit) on an in-memory store, so the figure is CPU only.
/// </summary>
[MemoryDiagnoser]
public class BlockImportBenchmarks
{
    private const int BlockSize = 2_000;
    private const int Senders = 100;
    private ChainSpec _spec = null!;
    private Block _block = null!;
    private FinalityProof _proof = null!;

    [GlobalSetup]
    public void Setup()
    {
        var keys = new Veil.Crypto.Ed25519KeyPair[Senders];
        var balances = new List<(AccountId, UInt128)>();
        for (var i = 0; i < Senders; i++)
        {
            keys[i] = KeyDerivation.FromUri($"//bench//{i}");
            balances.Add((keys[i].PublicKey, ChainParameters.OneVeil * 1_000_000));
        }

        _spec = ChainSpec.Dev() with { Balances = [.. ChainSpec.Dev().Balances, .. balances] };
        var producer = ChainService.Open(_spec, new MemoryStore());
        for (var i = 0; i < BlockSize; i++)
        {
            producer.Pool.Submit(VeilClient.SignTransfer(keys[i % Senders], DevAccounts.Bob, ChainParameters.OneVeil, (uint)(i / Senders), producer.SigningContext), out _);
        }

        var sealedBlock = producer.ProduceBlock(KeyDerivation.FromUri("//Alice"), 1, allowEmpty: false)!;
        _block = sealedBlock.Block;
        _proof = sealedBlock.Proof;
    }

    /// <summary>Imports one 2,000-transfer block into a fresh chain (per-transfer cost = time / 2,000).</summary>
    [Benchmark(OperationsPerInvoke = BlockSize)]
    public int ImportBlock()
    {
        var chain = ChainService.Open(_spec, new MemoryStore());
        var result = chain.ImportBlock(_block, _proof);
        return result.IsAccepted ? result.Block!.TransactionHashes.Count : throw new InvalidOperationException(result.Message);
    }
}
