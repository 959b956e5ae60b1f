using Veil.Core;
using Veil.Core.Hashing;
using Veil.Core.Scale;

namespace Veil.Protocol.Transactions;

/// <summary>
/// Substrate extrinsic format v4: <c>compact(len) ‖ version ‖ [signer ‖ signature ‖ extra] ‖ call</c>,
/// with version 0x84 for signed and 0x04 for unsigned, signer a MultiAddress::Id, signature a
/// MultiSignature::Ed25519, extra = era ‖ compact nonce ‖ compact tip.
/// </summary>
public static class ExtrinsicCodec
{
    public const byte FormatVersion = 4;
    public const byte SignedBit = 0x80;

    /// <summary>Largest encoded extrinsic accepted anywhere (pool, block import, RPC).</summary>
    public const int MaxEncodedLength = 512 * 1024;

    private const byte MultiAddressId = 0;
    private const byte MultiSignatureEd25519 = 0;

    /// <summary>Decodes and validates the structure of an extrinsic; the signature is not checked here.</summary>
    public static bool TryDecode(byte[] encoded, out Extrinsic extrinsic, out string error)
    {
        extrinsic = null!;
        if (encoded.Length > MaxEncodedLength)
        {
            error = $"extrinsic is {encoded.Length} bytes, more than the limit of {MaxEncodedLength}";
            return false;
        }

        var reader = new ScaleReader(encoded);
        var length = reader.ReadLength(MaxEncodedLength);
        if (!reader.Failed && length != reader.Remaining)
        {
            error = $"extrinsic length prefix says {length} bytes but {reader.Remaining} follow";
            return false;
        }

        var version = reader.ReadU8();
        if (reader.Failed)
        {
            error = $"bad SCALE: {reader.Error}";
            return false;
        }

        if ((version & 0x7F) != FormatVersion)
        {
            error = $"unsupported extrinsic format version {version & 0x7F} (expected {FormatVersion})";
            return false;
        }

        var signed = (version & SignedBit) != 0;
        AccountId signer = default;
        ReadOnlyMemory<byte> signature = default;
        var era = Era.Immortal;
        uint nonce = 0;
        UInt128 tip = 0;
        var extraOffset = 0;
        var extraLength = 0;
        if (signed)
        {
            var addressKind = reader.ReadU8();
            if (!reader.Failed && addressKind != MultiAddressId)
            {
                error = $"unsupported signer address kind {addressKind} (only MultiAddress::Id is accepted)";
                return false;
            }

            signer = reader.ReadAccount();
            var signatureKind = reader.ReadU8();
            if (!reader.Failed && signatureKind != MultiSignatureEd25519)
            {
                error = $"unsupported signature kind {signatureKind} (only Ed25519 is accepted)";
                return false;
            }

            var signatureOffset = reader.Position;
            reader.ReadRaw(64);

            // After a failed read the position is past the end: slicing there would throw, so slice only on success.
            signature = reader.Failed ? default : encoded.AsMemory(signatureOffset, 64);
            extraOffset = reader.Position;
            era = Era.Decode(ref reader);
            var compactNonce = reader.ReadCompact();
            if (compactNonce > uint.MaxValue)
            {
                reader.Fail("nonce exceeds u32");
                compactNonce = 0; // the checked cast below would throw on untrusted input
            }

            nonce = (uint)compactNonce;
            tip = reader.ReadCompactU128();
            extraLength = reader.Position - extraOffset;
        }

        var callOffset = reader.Position;
        if (!reader.Failed && reader.Remaining < 2)
        {
            reader.Fail("call is missing its module and call index");
        }

        if (reader.Failed)
        {
            error = $"bad SCALE: {reader.Error}";
            return false;
        }

        extrinsic = new Extrinsic
        {
            Encoded = encoded,
            Hash = Blake2b.Hash256(encoded),
            IsSigned = signed,
            Signer = signer,
            Signature = signature,
            Era = era,
            Nonce = nonce,
            Tip = tip,
            CallOffset = callOffset,
            CallLength = encoded.Length - callOffset,
            ExtraOffset = extraOffset,
            ExtraLength = extraLength,
        };
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// The bytes an Ed25519 signature covers: call ‖ extra ‖ spec version ‖ tx version ‖ genesis hash ‖
    /// era block hash, replaced by its BLAKE2b-256 when longer than 256 bytes (Substrate's rule).
    /// Returns the number of bytes written to <paramref name="destination"/> (at least 256 bytes long).
    /// </summary>
    public static int WriteSigningPayload(ReadOnlySpan<byte> call, ReadOnlySpan<byte> extra, in SigningContext context, Hash256 eraBlockHash, Span<byte> destination)
    {
        var length = call.Length + extra.Length + 4 + 4 + 32 + 32;
        var writer = length <= 256 ? new ScaleWriter(destination) : new ScaleWriter(length);
        try
        {
            writer.WriteRaw(call);
            writer.WriteRaw(extra);
            writer.WriteU32(context.SpecVersion);
            writer.WriteU32(context.TransactionVersion);
            writer.WriteHash(context.GenesisHash);
            writer.WriteHash(eraBlockHash);
            if (length <= 256)
            {
                return length;
            }

            Blake2b.Hash256(writer.WrittenSpan, destination);
            return 32;
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Checks the Ed25519 signature of a signed extrinsic against the chain's signing context.</summary>
    public static bool VerifySignature(Extrinsic extrinsic, in SigningContext context, Hash256 eraBlockHash)
    {
        if (!extrinsic.IsSigned)
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[256];
        var n = WriteSigningPayload(extrinsic.Call, extrinsic.Extra, context, eraBlockHash, payload);
        Span<byte> signer = stackalloc byte[32];
        extrinsic.Signer.CopyTo(signer);
        return Veil.Crypto.Ed25519.Verify(signer, payload[..n], extrinsic.Signature.Span);
    }

    /// <summary>Builds a signed extrinsic; <paramref name="sign"/> signs the payload with the signer's key.</summary>
    public static byte[] EncodeSigned(AccountId signer, ReadOnlySpan<byte> call, Era era, uint nonce, UInt128 tip, in SigningContext context, Hash256 eraBlockHash, SignPayload sign)
    {
        var extraWriter = new ScaleWriter(stackalloc byte[64]);
        try
        {
            era.Encode(ref extraWriter);
            extraWriter.WriteCompact(nonce);
            extraWriter.WriteCompact(tip);
            Span<byte> payload = stackalloc byte[256];
            var n = WriteSigningPayload(call, extraWriter.WrittenSpan, context, eraBlockHash, payload);
            Span<byte> signature = stackalloc byte[64];
            sign(payload[..n], signature);

            var bodyLength = 1 + 1 + 32 + 1 + 64 + extraWriter.Length + call.Length;
            var writer = new ScaleWriter(bodyLength + 5);
            try
            {
                writer.WriteCompact((ulong)bodyLength);
                writer.WriteU8(SignedBit | FormatVersion);
                writer.WriteU8(MultiAddressId);
                writer.WriteAccount(signer);
                writer.WriteU8(MultiSignatureEd25519);
                writer.WriteRaw(signature);
                writer.WriteRaw(extraWriter.WrittenSpan);
                writer.WriteRaw(call);
                return writer.ToArray();
            }
            finally
            {
                writer.Dispose();
            }
        }
        finally
        {
            extraWriter.Dispose();
        }
    }

    /// <summary>An unsigned extrinsic (inherents, and messages relayed by anyone with their own signatures).</summary>
    public static byte[] EncodeUnsigned(ReadOnlySpan<byte> call)
    {
        var writer = new ScaleWriter(call.Length + 6);
        try
        {
            writer.WriteCompact((ulong)(call.Length + 1));
            writer.WriteU8(FormatVersion);
            writer.WriteRaw(call);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}

/// <summary>Signs a payload into a 64-byte signature.</summary>
public delegate void SignPayload(ReadOnlySpan<byte> payload, Span<byte> signature);
