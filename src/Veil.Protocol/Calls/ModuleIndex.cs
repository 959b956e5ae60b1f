namespace Veil.Protocol.Calls;

/// <summary>
/// The first byte of every call and event: which runtime module it belongs to. Fixed forever once a
/// chain is live, because signed transactions and stored events embed it.
/// </summary>
public static class ModuleIndex
{
    public const byte System = 0;
    public const byte Balances = 1;
    public const byte Registry = 2;
    public const byte Contracts = 3;
    public const byte MessageQueue = 4;
    public const byte Mining = 5;
    public const byte Governance = 6;
    public const byte Bridge = 7;
}
