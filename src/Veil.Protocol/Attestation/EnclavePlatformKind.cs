namespace Veil.Protocol.Attestation;

/// <summary>The kind of trusted execution environment that produced attestation evidence.</summary>
public enum EnclavePlatformKind : byte
{
    /// <summary>Software simulation with real cryptography; evidence signed by a dev attestation root.</summary>
    Simulated = 0,

    /// <summary>Intel SGX with DCAP quotes verified against Intel's root (plugs in behind the same interface).</summary>
    SgxDcap = 1,
}
