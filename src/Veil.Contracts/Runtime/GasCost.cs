namespace Veil.Contracts.Runtime;

/// <summary>
/// The gas schedule of built-in contracts, as data. Part of consensus between the workers of a
/// cluster: changing a number changes where commands run out of gas, so it needs a new contract
/// version, never an in-place edit. Writes cost more than reads because they grow the state every
/// worker keeps, hashes and seals.
/// </summary>
public static class GasCost
{
    public const ulong CommandBase = 1_000;
    public const ulong QueryBase = 500;
    public const ulong InputPerByte = 10;
    public const ulong StateReadBase = 200;
    public const ulong StateReadPerByte = 1;
    public const ulong StateWriteBase = 1_000;
    public const ulong StateWritePerByte = 10;
    public const ulong StateRemoveBase = 500;
    public const ulong EmitBase = 2_000;
    public const ulong EmitPerByte = 10;
    public const ulong ReceiptPerByte = 1;

    /// <summary>Charged by the runtime before a command reaches the contract (decoding is paid for).</summary>
    public static ulong Command(int inputLength) => CommandBase + (InputPerByte * (ulong)inputLength);

    public static ulong Query(int inputLength) => QueryBase + (InputPerByte * (ulong)inputLength);

    public static ulong StateRead(int keyLength) => StateReadBase + (StateReadPerByte * (ulong)keyLength);

    public static ulong StateWrite(int keyLength, int valueLength)
        => StateWriteBase + (StateWritePerByte * ((ulong)keyLength + (ulong)valueLength));

    public static ulong StateRemove(int keyLength) => StateRemoveBase + (StateReadPerByte * (ulong)keyLength);

    public static ulong Emit(int topicLength, int payloadLength)
        => EmitBase + (EmitPerByte * ((ulong)topicLength + (ulong)payloadLength));

    public static ulong Receipt(int length) => ReceiptPerByte * (ulong)length;
}
