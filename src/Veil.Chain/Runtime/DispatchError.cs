namespace Veil.Chain.Runtime;

/// <summary>Why a call failed after its fee was paid (its effects are rolled back).</summary>
public readonly record struct DispatchError(byte Module, byte Code, string Message)
{
    /// <summary>Error code used by every module for arguments that do not decode.</summary>
    public const byte UndecodableCode = 255;

    public static DispatchError Undecodable(byte module, string error) => new(module, UndecodableCode, $"call arguments do not decode: {error}");

    public override string ToString() => Message;
}
