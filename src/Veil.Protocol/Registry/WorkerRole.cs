namespace Veil.Protocol.Registry;

/// <summary>What a registered enclave may do. Numbering is part of the stored format.</summary>
public enum WorkerRole : byte
{
    Worker = 0,
    Gatekeeper = 1,
}
