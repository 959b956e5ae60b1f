namespace Veil.Core;

/// <summary>An account: the 32-byte Ed25519 public key (Substrate's AccountId32).</summary>
public readonly struct AccountId : IEquatable<AccountId>, IComparable<AccountId>
{
    public const int Size = 32;

    private readonly Hash256 _key;

    public AccountId(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Size)
        {
            throw new ArgumentException($"An account id is {Size} bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        _key = new Hash256(publicKey);
    }

    public void CopyTo(Span<byte> destination) => _key.CopyTo(destination);

    public byte[] ToArray() => _key.ToArray();

    public string ToSs58(ushort prefix = Ss58.DevPrefix) => Ss58.Encode(ToArray(), prefix);

    public bool Equals(AccountId other) => _key.Equals(other._key);

    public override bool Equals(object? obj) => obj is AccountId other && Equals(other);

    public override int GetHashCode() => _key.GetHashCode();

    public int CompareTo(AccountId other) => _key.CompareTo(other._key);

    public static bool operator ==(AccountId left, AccountId right) => left.Equals(right);

    public static bool operator !=(AccountId left, AccountId right) => !left.Equals(right);

    public override string ToString() => ToSs58();
}
