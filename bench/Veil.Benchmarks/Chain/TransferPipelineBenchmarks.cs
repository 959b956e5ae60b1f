using BenchmarkDotNet.Attributes;
using Veil.Chain;
using Veil.Chain.Runtime;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Transactions;
using Veil.Sdk;
using Veil.Storage;

namespace Veil.Benchmarks.Chain;

/// <summary>
/// The hot path of a balance transfer, stage by stage: decode, signature check, pool admission, and
/// block execution + state commitment for a block of 2,000 transfers (in-memory store, so the figure
/// is CPU only).
/// </summary>
[MemoryDiagnoser]
public class TransferPipelineBenchmarks
{
    private const int BlockSize = 2_000;
    private const int Senders = 100;
    private byte[] _one = [];
    private Extrinsic _decoded = null!;
    private byte[][] _block = [];
    private Ed25519KeyPair[] _keys = [];
    private ChainSpec _spec = null!;
    private SigningContext _context;
    private Ed25519KeyPair _alice = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new Ed25519KeyPair[Senders];
        var balances = new List<(AccountId, UInt128)>();
        for (var i = 0; i < Senders; i++)
        {
            _keys[i] = KeyDerivation.FromUri($"//bench//{i}");
            balances.Add((_keys[i].PublicKey, ChainParameters.OneVeil * 1_000_000));
        }

        _spec = ChainSpec.Dev() with { Balances = [.. ChainSpec.Dev().Balances, .. balances] };
        _context = ChainService.Open(_spec, new MemoryStore()).SigningContext;
        _alice = KeyDerivation.FromUri("//Alice");
        _one = VeilClient.SignTransfer(_keys[0], DevAccounts.Bob, ChainParameters.OneVeil, 0, _context);
        ExtrinsicCodec.TryDecode(_one, out _decoded, out _);
        _block = new byte[BlockSize][];
        for (var i = 0; i < BlockSize; i++)
        {
            _block[i] = VeilClient.SignTransfer(_keys[i % Senders], DevAccounts.Bob, ChainParameters.OneVeil, (uint)(i / Senders), _context);
        }
    }

    [Benchmark]
    public bool Decode() => ExtrinsicCodec.TryDecode(_one, out _, out _);

    [Benchmark]
    public bool VerifySignature() => ExtrinsicCodec.VerifySignature(_decoded, _context, _context.GenesisHash);

    /// <summary>Admits 2,000 transfers into a fresh pool, then seals them into one block (per-transfer cost = time / 2,000).</summary>
    [Benchmark(OperationsPerInvoke = BlockSize)]
    public int AdmitAndSealBlock()
    {
        var chain = ChainService.Open(_spec, new MemoryStore());
        foreach (var extrinsic in _block)
        {
            chain.Pool.Submit(extrinsic, out _);
        }

        return chain.ProduceBlock(_alice, 1, allowEmpty: false)!.TransactionHashes.Count;
    }
}
