using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Attestation;

namespace Veil.Protocol.Calls;

/// <summary>Calls of the Registry module.</summary>
public static class RegistryCall
{
    /// <summary>register_worker(evidence, identity key, ECDH key), signed by the worker's operator account.</summary>
    public const byte RegisterWorker = 0;

    public static byte[] CreateRegisterWorker(AttestationEvidence evidence, Hash256 identityKey, Hash256 ecdhKey)
    {
        var writer = new ScaleWriter(evidence.Proof.Length + 256);
        try
        {
            writer.WriteU8(ModuleIndex.Registry);
            writer.WriteU8(RegisterWorker);
            evidence.Encode(ref writer);
            writer.WriteHash(identityKey);
            writer.WriteHash(ecdhKey);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
