using Veil.Core.Scale;

namespace Veil.Contracts.Runtime;

/// <summary>
/// A refused command or query: the kind (for programs) and a message (for people).
/// SCALE: <c>kind: u8 ‖ message: String</c>.
/// </summary>
public readonly record struct ContractError(ContractErrorKind Kind, string Message)
{
    public const int MaxMessageLength = 1024;

    private const int KindCount = (int)ContractErrorKind.CorruptState + 1;

    public void Encode(ref ScaleWriter writer)
    {
        writer.WriteVariant((byte)Kind);
        writer.WriteString(Message);
    }

    public static ContractError Decode(ref ScaleReader reader)
    {
        var kind = (ContractErrorKind)reader.ReadVariant(KindCount, "ContractErrorKind");
        var message = reader.ReadString(MaxMessageLength);
        return new ContractError(kind, message);
    }

    public override string ToString() => $"{Kind}: {Message}";
}
