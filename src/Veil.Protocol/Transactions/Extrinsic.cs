using Veil.Core;

namespace Veil.Protocol.Transactions;

/// <summary>
/// A decoded extrinsic (Substrate format v4). <see cref="Encoded"/> is the full wire form including its
/// compact length prefix, exactly as submitted, and <see cref="Hash"/> is BLAKE2b-256 of it (as Substrate
/// hashes extrinsics). The call bytes are kept encoded; the runtime decodes them on dispatch.
/// </summary>
public sealed class Extrinsic
{
    public required byte[] Encoded { get; init; }

    public required Hash256 Hash { get; init; }

    public bool IsSigned { get; init; }

    public AccountId Signer { get; init; }

    /// <summary>The 64-byte Ed25519 signature (empty for unsigned extrinsics).</summary>
    public ReadOnlyMemory<byte> Signature { get; init; }

    public Era Era { get; init; }

    public uint Nonce { get; init; }

    public UInt128 Tip { get; init; }

    /// <summary>Offset and length of the call (module index ‖ call index ‖ args) inside <see cref="Encoded"/>.</summary>
    public int CallOffset { get; init; }

    public int CallLength { get; init; }

    /// <summary>Offset and length of the signed extra (era ‖ nonce ‖ tip) inside <see cref="Encoded"/>.</summary>
    public int ExtraOffset { get; init; }

    public int ExtraLength { get; init; }

    public ReadOnlySpan<byte> Call => Encoded.AsSpan(CallOffset, CallLength);

    public ReadOnlySpan<byte> Extra => Encoded.AsSpan(ExtraOffset, ExtraLength);
}
