namespace Veil.Protocol.Messaging;

/// <summary>Who sent a queue message (DESIGN §4). The numbering is part of every signed message: never reorder.</summary>
public enum OriginKind : byte
{
    Account = 0,
    Module = 1,
    Worker = 2,
    Contract = 3,
    Gatekeeper = 4,
    Chain = 5,
}
