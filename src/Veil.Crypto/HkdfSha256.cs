using System.Security.Cryptography;
using System.Text;

namespace Veil.Crypto;

/// <summary>
/// HKDF-SHA256 (RFC 5869) with mandatory domain separation: the info string is
/// UTF-8(<c>label</c>) ‖ 0x00 ‖ <c>context</c>, so keys derived for different purposes from the same
/// secret can never coincide (the NUL byte keeps "a"+"bc" apart from "ab"+"c").
/// </summary>
public static class HkdfSha256
{
    /// <summary>RFC 5869 allows at most 255 hash-lengths of output.</summary>
    public const int MaxOutputLength = 255 * 32;

    private const int StackInfoLimit = 256;

    /// <param name="inputKeyMaterial">The secret, e.g. an X25519 shared secret.</param>
    /// <param name="salt">Optional non-secret salt (empty means RFC 5869's zero salt).</param>
    /// <param name="label">What the key is for, e.g. "veil/command-key/v1"; required, no NUL characters.</param>
    /// <param name="output">Receives the derived key; its length is the key size.</param>
    /// <param name="context">Optional data that binds the key to a session (public keys, ids).</param>
    public static void DeriveKey(ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, string label, Span<byte> output, ReadOnlySpan<byte> context = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        if (label.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A key label must not contain NUL characters.", nameof(label));
        }

        if (output.Length is 0 or > MaxOutputLength)
        {
            throw new ArgumentException($"HKDF-SHA256 output must be 1..{MaxOutputLength} bytes, not {output.Length}.", nameof(output));
        }

        var labelLength = Encoding.UTF8.GetByteCount(label);
        var infoLength = checked(labelLength + 1 + context.Length);
        Span<byte> info = infoLength <= StackInfoLimit ? stackalloc byte[StackInfoLimit] : new byte[infoLength];
        info = info[..infoLength];
        Encoding.UTF8.GetBytes(label, info);
        info[labelLength] = 0;
        context.CopyTo(info[(labelLength + 1)..]);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, inputKeyMaterial, output, salt, info);
    }

    public static byte[] DeriveKey(ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, string label, int length, ReadOnlySpan<byte> context = default)
    {
        var output = new byte[length];
        DeriveKey(inputKeyMaterial, salt, label, output, context);
        return output;
    }
}
