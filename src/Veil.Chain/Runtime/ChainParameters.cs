namespace Veil.Chain.Runtime;

/// <summary>Economic and size limits of a chain, fixed by its chain spec.</summary>
public sealed record ChainParameters
{
    /// <summary>VEIL has 12 decimals: 1 VEIL = 10^12 base units.</summary>
    public const int TokenDecimals = 12;

    public static readonly UInt128 OneVeil = 1_000_000_000_000;

    /// <summary>Minimum balance an account must keep to exist (0.01 VEIL by default).</summary>
    public UInt128 ExistentialDeposit { get; init; } = OneVeil / 100;

    /// <summary>Fee per extrinsic (0.001 VEIL) plus a fee per encoded byte: fees are burned.</summary>
    public UInt128 BaseFee { get; init; } = OneVeil / 1000;

    public UInt128 ByteFee { get; init; } = 1_000_000;

    /// <summary>A sender's transaction may be at most this many nonces ahead of its account nonce.</summary>
    public uint NonceWindow { get; init; } = 65_536;

    public int MaxBlockExtrinsics { get; init; } = 50_000;

    public int MaxBlockBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>How old attestation evidence may be when a worker registers (10 minutes).</summary>
    public ulong MaxEvidenceAgeMs { get; init; } = 600_000;

    /// <summary>
    /// Base fee + byte fee × length + tip, saturating at <see cref="UInt128.MaxValue"/>: the tip comes from
    /// untrusted input (and the fees from the chain spec), so an overflow must make the transaction
    /// unaffordable rather than throw from checked arithmetic.
    /// </summary>
    public UInt128 FeeFor(int encodedLength, UInt128 tip)
    {
        var length = (UInt128)(uint)encodedLength;
        var bytes = ByteFee != 0 && length > UInt128.MaxValue / ByteFee ? UInt128.MaxValue : ByteFee * length;
        var fee = bytes > UInt128.MaxValue - BaseFee ? UInt128.MaxValue : BaseFee + bytes;
        return tip > UInt128.MaxValue - fee ? UInt128.MaxValue : fee + tip;
    }
}
