using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Attestation;
using Veil.Protocol.Calls;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using Veil.Protocol.Storage;

namespace Veil.Chain.Runtime.Modules;

/// <summary>
/// Registry (DESIGN §5): a worker joins only with attestation evidence that a trusted root signed, for
/// an allowed measurement, fresh against the block time, and whose report data binds its identity key,
/// ECDH key, this chain's genesis and the operator who submits it. A registration is refreshed, never
/// duplicated. Each (re-)registration is announced on the queue topic <c>veil/registry/event</c>, which is
/// how gatekeepers learn which workers may receive contract keys.
/// </summary>
public sealed class RegistryModule : IRuntimeModule
{
    public const string EventTopic = "veil/registry/event";

    public const byte EventRegistered = 0;
    public const byte EventRefreshed = 1;

    private const byte AttestationRejected = 1;
    private const byte IdentityTaken = 2;

    public byte Index => ModuleIndex.Registry;

    public string Name => "Registry";

    public bool IsKnownCall(byte call) => call == RegistryCall.RegisterWorker;

    public DispatchError? Dispatch(in DispatchContext context, byte call, ref ScaleReader args)
    {
        var evidence = AttestationEvidence.Decode(ref args);
        var identityKey = args.ReadHash();
        var ecdhKey = args.ReadHash();
        if (!args.TryFinish(out var decodeError)) return DispatchError.Undecodable(Index, decodeError);

        var state = context.State;
        var policy = new AttestationPolicy(
            GenesisConfig.ReadHashes(state, StorageKey.RegistryAttestationRoots),
            GenesisConfig.ReadHashes(state, StorageKey.RegistryMeasurements),
            context.Parameters.MaxEvidenceAgeMs);
        var expected = ReportData.Compute(identityKey, ecdhKey, context.Block.GenesisHash, context.Signer);
        if (!AttestationVerifier.TryVerify(evidence, policy, expected, context.Block.Timestamp, out var error))
        {
            return new DispatchError(Index, AttestationRejected, $"worker registration refused: {error}");
        }

        var key = StorageKey.RegistryWorker(identityKey);
        var registeredAt = context.Block.Number;
        var refreshed = false;
        if (state.TryGet(key, out var existingBytes) && WorkerInfo.TryDecode(existingBytes, out var existing, out _))
        {
            // The identity key is bound to its ECDH key and operator by the first attestation.
            if (existing.Operator != context.Signer || existing.EcdhKey != ecdhKey)
            {
                return new DispatchError(Index, IdentityTaken, "this identity key is registered with another operator or ECDH key");
            }

            registeredAt = existing.RegisteredAt;
            refreshed = true;
        }

        var role = GenesisConfig.ReadHashes(state, StorageKey.RegistryGatekeepers).Contains(identityKey) ? WorkerRole.Gatekeeper : WorkerRole.Worker;
        var info = new WorkerInfo(identityKey, ecdhKey, context.Signer, evidence.Measurement, role, registeredAt, evidence.Timestamp);
        var encoded = info.Encode();
        state.Set(key, encoded);
        context.Block.Messages.Add(new QueueMessage(Origin.Module(Name), System.Text.Encoding.UTF8.GetBytes(EventTopic), encoded));

        var w = EventLog.Begin(context.ExtrinsicIndex, Index, refreshed ? EventRefreshed : EventRegistered);
        w.WriteHash(identityKey);
        w.WriteAccount(context.Signer);
        w.WriteU8((byte)role);
        context.Block.Events.End(ref w);
        return null;
    }
}
