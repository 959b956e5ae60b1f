using Veil.Core.Scale;

namespace Veil.Protocol.Accounts;

/// <summary>
/// System.Account's value, laid out exactly as Substrate's <c>AccountInfo&lt;u32, AccountData&lt;u128&gt;&gt;</c>
/// (nonce, consumers, providers, sufficients, free, reserved, frozen, flags) so that Polkadot tooling
/// decodes Veil accounts unchanged.
/// </summary>
public record struct AccountInfo(uint Nonce, uint Consumers, uint Providers, uint Sufficients, UInt128 Free, UInt128 Reserved, UInt128 Frozen, UInt128 Flags)
{
    public const int EncodedLength = 4 * 4 + (16 * 4);

    /// <summary>Substrate marks accounts created under the new (holds/freezes) logic with this flag bit.</summary>
    public static readonly UInt128 NewLogicFlag = UInt128.One << 127;

    public readonly UInt128 Total => Free + Reserved;

    public readonly void Encode(ref ScaleWriter writer)
    {
        writer.WriteU32(Nonce);
        writer.WriteU32(Consumers);
        writer.WriteU32(Providers);
        writer.WriteU32(Sufficients);
        writer.WriteU128(Free);
        writer.WriteU128(Reserved);
        writer.WriteU128(Frozen);
        writer.WriteU128(Flags);
    }

    public readonly byte[] Encode()
    {
        var writer = new ScaleWriter(stackalloc byte[EncodedLength]);
        Encode(ref writer);
        var result = writer.ToArray();
        writer.Dispose();
        return result;
    }

    public static bool TryDecode(ReadOnlySpan<byte> encoded, out AccountInfo info, out string error)
    {
        var reader = new ScaleReader(encoded);
        info = new AccountInfo(reader.ReadU32(), reader.ReadU32(), reader.ReadU32(), reader.ReadU32(), reader.ReadU128(), reader.ReadU128(), reader.ReadU128(), reader.ReadU128());
        return reader.TryFinish(out error);
    }
}
