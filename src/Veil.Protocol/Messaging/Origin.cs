using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Protocol.Messaging;

/// <summary>
/// The sender of a queue message: an account, a runtime module (by name), a worker or contract (by
/// 32-byte key or id), the gatekeeper collective, or another chain (by name). SCALE: variant index
/// then the variant's field (32 bytes, or a string for Module and Chain, nothing for Gatekeeper).
/// </summary>
public readonly record struct Origin
{
    public const int MaxNameLength = 64;

    private Origin(OriginKind kind, Hash256 id, string? name)
    {
        Kind = kind;
        Id = id;
        Name = name;
    }

    public OriginKind Kind { get; }

    /// <summary>The account, worker key or contract id (Account, Worker, Contract).</summary>
    public Hash256 Id { get; }

    /// <summary>The module or chain name (Module, Chain).</summary>
    public string? Name { get; }

    public static Origin Account(AccountId account)
    {
        Span<byte> bytes = stackalloc byte[32];
        account.CopyTo(bytes);
        return new Origin(OriginKind.Account, new Hash256(bytes), null);
    }

    public static Origin Module(string name) => new(OriginKind.Module, default, CheckName(name));

    public static Origin Worker(Hash256 identityKey) => new(OriginKind.Worker, identityKey, null);

    public static Origin Contract(Hash256 contractId) => new(OriginKind.Contract, contractId, null);

    public static Origin Gatekeeper => new(OriginKind.Gatekeeper, default, null);

    public static Origin Chain(string chainName) => new(OriginKind.Chain, default, CheckName(chainName));

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteVariant((byte)Kind);
        switch (Kind)
        {
            case OriginKind.Account:
            case OriginKind.Worker:
            case OriginKind.Contract:
                writer.WriteHash(Id);
                break;
            case OriginKind.Module:
            case OriginKind.Chain:
                writer.WriteString(Name!);
                break;
        }
    }

    public static Origin Decode(ref ScaleReader reader)
    {
        var kind = (OriginKind)reader.ReadVariant(6, "Origin");
        switch (kind)
        {
            case OriginKind.Account:
            case OriginKind.Worker:
            case OriginKind.Contract:
                return new Origin(kind, reader.ReadHash(), null);
            case OriginKind.Module:
            case OriginKind.Chain:
                var name = reader.ReadString(MaxNameLength);
                return new Origin(kind, default, name);
            default:
                return new Origin(kind, default, null);
        }
    }

    public override string ToString() => Kind switch
    {
        OriginKind.Module or OriginKind.Chain => $"{Kind}({Name})",
        OriginKind.Gatekeeper => "Gatekeeper",
        _ => $"{Kind}({Id})",
    };

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameLength)
        {
            throw new ArgumentException($"An origin name is at most {MaxNameLength} bytes.", nameof(name));
        }

        return name;
    }
}
