using Veil.Chain.Runtime;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Accounts;
using Veil.Protocol.Calls;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;
using Veil.Storage;

namespace Veil.Chain.Tests;

/// <summary>
/// A dev chain on an in-memory store with the dev accounts' keys, for runtime and pool tests.
/// Blocks are produced by //Alice with a fake clock (one second per block).
/// </summary>
internal sealed class TestChain
{
    private static readonly Dictionary<string, Ed25519KeyPair> Keys = new(StringComparer.Ordinal);
    private ulong _clock = 1_767_225_600_000;

    public TestChain(ChainSpec? spec = null, IKeyValueStore? store = null)
    {
        Store = store ?? new MemoryStore();
        Chain = ChainService.Open(spec ?? ChainSpec.Dev(), Store);
    }

    public IKeyValueStore Store { get; }

    public ChainService Chain { get; }

    public ChainParameters Parameters => Chain.Runtime.Parameters;

    public static UInt128 DevBalance => ChainParameters.OneVeil * 1_000_000;

    /// <summary>The key of //<paramref name="name"/> (any name: dev accounts are funded, others start empty).</summary>
    public static Ed25519KeyPair Key(string name)
    {
        lock (Keys)
        {
            if (!Keys.TryGetValue(name, out var key))
            {
                key = KeyDerivation.FromUri("//" + name);
                Keys[name] = key;
            }

            return key;
        }
    }

    public static AccountId Account(string name) => Key(name).PublicKey;

    public byte[] Transfer(string from, string to, UInt128 amount, uint? nonce = null, bool keepAlive = false, UInt128 tip = default)
        => Sign(from, BalancesCall.Transfer(Account(to), amount, keepAlive), nonce, tip);

    public byte[] Sign(string from, ReadOnlySpan<byte> call, uint? nonce = null, UInt128 tip = default, SigningContext? context = null, Era era = default, Hash256? eraBlockHash = null)
    {
        var key = Key(from);
        var signingContext = context ?? Chain.SigningContext;
        return ExtrinsicCodec.EncodeSigned(key.PublicKey, call, era, nonce ?? Chain.Pool.NextNonce(key.PublicKey), tip, signingContext, eraBlockHash ?? signingContext.GenesisHash, key.Sign);
    }

    /// <summary>Submits and asserts the pool accepted it.</summary>
    public Extrinsic Submit(byte[] encoded)
    {
        var check = Chain.Pool.Submit(encoded, out var extrinsic);
        Assert.True(check.IsValid, $"{check.Error}: {check.Message}");
        return extrinsic!;
    }

    public FinalizedBlock Produce(bool allowEmpty = true)
    {
        _clock += 1000;
        return Chain.ProduceBlock(Key("Alice"), _clock, allowEmpty) ?? throw new InvalidOperationException("no block produced");
    }

    /// <summary>Submits, produces one block, and returns the events of that block.</summary>
    public IReadOnlyList<EventRecord> Execute(params byte[][] extrinsics)
    {
        foreach (var extrinsic in extrinsics)
        {
            Submit(extrinsic);
        }

        var block = Produce();
        Assert.Equal(extrinsics.Length, block.Block.Extrinsics.Count);
        return Events();
    }

    public IReadOnlyList<EventRecord> Events()
        => EventRecord.DecodeAll(Chain.GetStorage(StorageKey.SystemEvents, null) ?? throw new InvalidOperationException("no System.Events"));

    public AccountInfo this[string name] => Chain.GetAccount(Account(name));

    public UInt128 Fee(byte[] encoded, UInt128 tip = default) => Parameters.FeeFor(encoded.Length, tip);

    /// <summary>Sum of free + reserved over every System.Account entry in the state.</summary>
    public UInt128 SumOfAccounts()
    {
        UInt128 sum = 0;
        foreach (var entry in Chain.Database.IterateState(StorageKey.SystemAccountPrefix, null))
        {
            Assert.True(AccountInfo.TryDecode(entry.Value, out var info, out var error), error);
            sum += info.Free + info.Reserved;
        }

        return sum;
    }
}
