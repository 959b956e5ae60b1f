using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Calls;
using Veil.Protocol.Transactions;

namespace Veil.Protocol.Tests.Transactions;

/// <summary>Fixed keys, chain context and extrinsics shared by the extrinsic tests and golden vectors.</summary>
internal static class SampleExtrinsics
{
    /// <summary>Genesis hash 0x01 02 … 20: arbitrary but fixed, so golden vectors stay stable.</summary>
    public static readonly Hash256 GenesisHash = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>Block hash 0x21 22 … 40 that mortal golden vectors sign over.</summary>
    public static readonly Hash256 EraBlockHash = new(Enumerable.Range(0x21, 32).Select(i => (byte)i).ToArray());

    public static readonly SigningContext Context = new(1, 1, GenesisHash);

    public static readonly Lazy<Ed25519KeyPair> Alice = new(() => KeyDerivation.FromUri("//Alice"));

    public static AccountId Bob => DevAccounts.Bob;

    public static byte[] Transfer(uint nonce, Era era, UInt128 tip, Hash256 eraBlockHash, UInt128? amount = null, SigningContext? context = null)
        => ExtrinsicCodec.EncodeSigned(Alice.Value.PublicKey, BalancesCall.Transfer(Bob, amount ?? 12_345_000_000_000), era, nonce, tip, context ?? Context, eraBlockHash, Alice.Value.Sign);

    public static byte[] Signed(ReadOnlySpan<byte> call, uint nonce, Era era, UInt128 tip, Hash256 eraBlockHash)
        => ExtrinsicCodec.EncodeSigned(Alice.Value.PublicKey, call, era, nonce, tip, Context, eraBlockHash, Alice.Value.Sign);

    public static Extrinsic Decode(byte[] encoded)
    {
        Assert.True(ExtrinsicCodec.TryDecode(encoded, out var extrinsic, out var error), error);
        return extrinsic;
    }
}
