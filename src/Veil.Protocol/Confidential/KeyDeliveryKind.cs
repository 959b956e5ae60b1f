namespace Veil.Protocol.Confidential;

/// <summary>What a <see cref="KeyDelivery"/> carries; part of its associated data, so one kind never opens as another.</summary>
public enum KeyDeliveryKind : byte
{
    /// <summary>A contract's ECDH secret and signing seed, for a worker of its cluster.</summary>
    ContractKeys = 0,

    /// <summary>The master key of an epoch, for a newly registered gatekeeper.</summary>
    MasterKey = 1,
}
