namespace Veil.Chain.Runtime;

/// <summary>Why a call failed after its fee was paid (its effects are rolled back).</summary>
public readonly record struct DispatchError(byte Module, byte Code, string Message)
{
    public override string ToString() => Message;
}
