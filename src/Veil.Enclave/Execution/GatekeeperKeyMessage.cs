using Veil.Protocol.Confidential;

namespace Veil.Enclave.Execution;

/// <summary>
/// Payload of a gatekeeper's key message on <see cref="Topic"/>: <c>ContractPublicKeys (100 bytes) ‖
/// KeyDelivery</c>. The public keys ride along so the worker can check the opened secrets against them
/// (KeyCourier refuses secrets that do not match); they are trusted because the chain verified the
/// message came from a registered gatekeeper, which the receiving enclave checks again.
/// </summary>
public static class GatekeeperKeyMessage
{
    public const string Topic = "veil/gatekeeper/key";

    public static byte[] Encode(ContractPublicKeys keys, KeyDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(delivery);
        return [.. keys.Encode(), .. delivery.Encode()];
    }

    /// <summary>Decodes untrusted bytes; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out ContractPublicKeys keys, out KeyDelivery delivery, out string error)
    {
        keys = null!;
        delivery = null!;
        if (payload.Length < ContractPublicKeys.EncodedSize)
        {
            error = $"key message of {payload.Length} bytes is shorter than the {ContractPublicKeys.EncodedSize}-byte public keys";
            return false;
        }

        if (!ContractPublicKeys.TryDecode(payload[..ContractPublicKeys.EncodedSize], out keys, out var keysError))
        {
            error = $"key message's public keys do not decode: {keysError}";
            return false;
        }

        return KeyDelivery.TryDecode(payload[ContractPublicKeys.EncodedSize..], out delivery, out error);
    }
}
