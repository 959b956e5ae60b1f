using Veil.Core.Hashing;

namespace Veil.Core;

/// <summary>
/// SS58 addresses (Substrate): base58(prefix ‖ public key ‖ checksum), where the checksum is the first
/// two bytes of BLAKE2b-512("SS58PRE" ‖ prefix ‖ public key). Prefixes 0–63 take one byte, 64–16383 two.
/// </summary>
public static class Ss58
{
    /// <summary>The generic Substrate prefix used by dev chains.</summary>
    public const ushort DevPrefix = 42;

    private static readonly byte[] ChecksumPrefix = "SS58PRE"u8.ToArray();

    public static string Encode(ReadOnlySpan<byte> publicKey, ushort prefix = DevPrefix)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException($"SS58 here encodes 32-byte public keys, not {publicKey.Length} bytes.", nameof(publicKey));
        }

        if (prefix > 16383 || prefix is 46 or 47)
        {
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "SS58 prefix must be 0..16383 and not the reserved 46 or 47.");
        }

        Span<byte> buffer = stackalloc byte[2 + 32 + 2];
        var prefixLength = WritePrefix(prefix, buffer);
        publicKey.CopyTo(buffer[prefixLength..]);
        var body = buffer[..(prefixLength + 32)];
        Span<byte> checksum = stackalloc byte[64];
        Checksum(body, checksum);
        checksum[..2].CopyTo(buffer[body.Length..]);
        return Base58.Encode(buffer[..(body.Length + 2)]);
    }

    public static bool TryDecode(string? address, out AccountId account, out ushort prefix, out string error)
    {
        account = default;
        prefix = 0;
        if (string.IsNullOrWhiteSpace(address))
        {
            error = "address is empty";
            return false;
        }

        if (!Base58.TryDecode(address, out var data))
        {
            error = "address contains a character outside the base58 alphabet";
            return false;
        }

        if (data.Length < 1)
        {
            error = "address is empty";
            return false;
        }

        int prefixLength;
        if (data[0] < 64)
        {
            prefix = data[0];
            prefixLength = 1;
        }
        else if (data[0] < 128 && data.Length >= 2)
        {
            // Two-byte form, as Substrate's ss58-registry decodes it.
            var lower = (byte)(((data[0] << 2) | (data[1] >> 6)) & 0xFF);
            var upper = (byte)(data[1] & 0b0011_1111);
            prefix = (ushort)(lower | (upper << 8));
            prefixLength = 2;
        }
        else
        {
            error = "address has an invalid SS58 prefix byte";
            return false;
        }

        if (data.Length != prefixLength + 32 + 2)
        {
            error = $"address decodes to {data.Length} bytes; a 32-byte account needs {prefixLength + 34}";
            return false;
        }

        Span<byte> checksum = stackalloc byte[64];
        Checksum(data.AsSpan(0, prefixLength + 32), checksum);
        if (checksum[0] != data[^2] || checksum[1] != data[^1])
        {
            error = "address checksum does not match (a typo?)";
            return false;
        }

        account = new AccountId(data.AsSpan(prefixLength, 32));
        error = string.Empty;
        return true;
    }

    private static int WritePrefix(ushort prefix, Span<byte> buffer)
    {
        if (prefix < 64)
        {
            buffer[0] = (byte)prefix;
            return 1;
        }

        buffer[0] = (byte)(((prefix & 0b1111_1100) >> 2) | 0b0100_0000);
        buffer[1] = (byte)((prefix >> 8) | ((prefix & 0b11) << 6));
        return 2;
    }

    private static void Checksum(ReadOnlySpan<byte> body, Span<byte> output64)
    {
        Span<byte> input = stackalloc byte[ChecksumPrefix.Length + body.Length];
        ChecksumPrefix.CopyTo(input);
        body.CopyTo(input[ChecksumPrefix.Length..]);
        Blake2b.Hash512(input, output64);
    }
}
