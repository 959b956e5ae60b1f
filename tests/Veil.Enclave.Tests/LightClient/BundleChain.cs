using Veil.Chain;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Enclave.LightClient;
using Veil.Protocol.Blocks;
using Veil.Protocol.Calls;
using Veil.Protocol.Messaging;
using Veil.Protocol.Transactions;
using Veil.Storage;

namespace Veil.Enclave.Tests.LightClient;

/// <summary>
/// A real dev chain on an in-memory store, authored by //Alice, and the bundles a worker host would
/// relay from it (header, finality proof and stored messages, read back from the node's database).
/// </summary>
internal sealed class BundleChain
{
    public static readonly byte[] Topic = "veil/contract/demo/command"u8.ToArray();

    private static readonly Dictionary<string, Ed25519KeyPair> Keys = new(StringComparer.Ordinal);

    private ulong _clock;

    public BundleChain(ulong startMs = 1_767_225_600_000)
    {
        _clock = startMs;
        Chain = ChainService.Open(ChainSpec.Dev(), new MemoryStore());
    }

    public ChainService Chain { get; }

    public Hash256 GenesisHash => Chain.GenesisHash;

    public IReadOnlyList<AccountId> Authorities => Chain.Spec.Authorities;

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

    /// <summary>A light client that trusts this chain's genesis authority set (DevSeal: 1 of 1).</summary>
    public ChainLightClient NewLightClient() => new(GenesisHash, Authorities, 1);

    /// <summary>Signs and submits MessageQueue.push(topic, payload) from //<paramref name="from"/>.</summary>
    public Extrinsic Push(string from, byte[] payload, byte[]? topic = null)
    {
        var key = Key(from);
        var call = MessageQueueCall.CreatePush(topic ?? Topic, payload);
        var encoded = ExtrinsicCodec.EncodeSigned(key.PublicKey, call, Era.Immortal, Chain.Pool.NextNonce(key.PublicKey), 0, Chain.SigningContext, GenesisHash, key.Sign);
        var check = Chain.Pool.Submit(encoded, out var extrinsic);
        Assert.True(check.IsValid, $"{check.Error}: {check.Message}");
        return extrinsic!;
    }

    public FinalizedBlock Produce()
    {
        _clock += 1000;
        return Chain.ProduceBlock(Key("Alice"), _clock, allowEmpty: true) ?? throw new InvalidOperationException("no block produced");
    }

    /// <summary>Produces <paramref name="count"/> blocks with <paramref name="messagesPerBlock"/> pushes each.</summary>
    public List<FinalizedBlockBundle> ProduceBundles(int count, int messagesPerBlock)
    {
        var bundles = new List<FinalizedBlockBundle>(count);
        for (var b = 0; b < count; b++)
        {
            for (var m = 0; m < messagesPerBlock; m++)
            {
                Push(Sender(m), [(byte)b, (byte)m, 0xEE]);
            }

            bundles.Add(Bundle(Produce().Block.Header.Number));
        }

        return bundles;
    }

    /// <summary>What a host relays for block #<paramref name="number"/>, built from the node's database.</summary>
    public FinalizedBlockBundle Bundle(uint number)
    {
        var hash = Chain.Database.GetHash(number) ?? throw new InvalidOperationException($"no block #{number}");
        var header = Chain.Database.GetHeader(hash) ?? throw new InvalidOperationException($"no header #{number}");
        var proof = Chain.Database.GetFinalityProof(hash) ?? throw new InvalidOperationException($"no proof #{number}");
        var messages = Chain.Database.GetEncodedMessages(hash) ?? throw new InvalidOperationException($"no messages #{number}");
        Assert.True(FinalizedBlockBundle.TryFromStored(header, proof, messages, out var bundle, out var error), error);
        return bundle;
    }

    /// <summary>The same bundle as the host would splice it from stored bytes.</summary>
    public byte[] EncodedBundle(uint number)
    {
        var hash = Chain.Database.GetHash(number)!.Value;
        return FinalizedBlockBundle.EncodeStored(Chain.Database.GetHeader(hash)!, Chain.Database.GetFinalityProof(hash)!, Chain.Database.GetEncodedMessages(hash));
    }

    /// <summary>A proof for <paramref name="header"/> signed by the given keys over this chain's genesis.</summary>
    public FinalityProof SignProof(BlockHeader header, params string[] signers)
    {
        var payload = FinalityProof.SigningPayload(GenesisHash, header.Number, header.Hash);
        var signatures = new List<AuthoritySignature>();
        foreach (var signer in signers)
        {
            signatures.Add(new AuthoritySignature(Key(signer).PublicKey, Key(signer).Sign(payload)));
        }

        return new FinalityProof(header.Hash, header.Number, signatures);
    }

    private static string Sender(int index) => ChainSpec.DevAccountNames[index % ChainSpec.DevAccountNames.Length];
}
