using Veil.Core;
using Veil.Enclave.Boundary;
using Veil.Protocol.Attestation;

namespace Veil.Worker;

/// <summary>
/// The host's side of the enclave boundary: encodes requests, calls <see cref="IEnclaveBoundary.Call"/>
/// with bytes only, and decodes the answers. Serializes calls, since an enclave boundary is single-threaded.
/// An error answer or undecodable bytes become an <see cref="InvalidOperationException"/> naming the request.
/// </summary>
public sealed class EnclaveChannel
{
    private readonly IEnclaveBoundary _boundary;
    private readonly Lock _lock = new();

    public EnclaveChannel(IEnclaveBoundary boundary)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        _boundary = boundary;
    }

    public EnclaveInfo GetInfo() => Expect(BoundaryRequest.GetInfo(), BoundaryResponseKind.Info).Info!;

    public AttestationEvidence CreateEvidence(AccountId operatorAccount, ulong timestampMs)
    {
        var bytes = Expect(BoundaryRequest.CreateEvidence(operatorAccount, timestampMs), BoundaryResponseKind.Evidence).Bytes;
        return AttestationEvidence.TryDecode(bytes, out var evidence, out var error)
            ? evidence
            : throw new InvalidOperationException($"the enclave returned undecodable evidence: {error}");
    }

    public BlocksProcessed ProcessBlocks(byte[] encodedBatch)
        => Expect(BoundaryRequest.ProcessBlocks(encodedBatch), BoundaryResponseKind.Blocks).Blocks!;

    private BoundaryResponse Expect(BoundaryRequest request, BoundaryResponseKind kind)
    {
        byte[] answer;
        lock (_lock)
        {
            answer = _boundary.Call(request.Encode());
        }

        if (!BoundaryResponse.TryDecode(answer, out var response, out var error))
        {
            throw new InvalidOperationException($"enclave {request.Kind}: {error}");
        }

        if (response.IsError)
        {
            throw new InvalidOperationException($"enclave {request.Kind} refused: {response.Error}");
        }

        return response.Kind == kind
            ? response
            : throw new InvalidOperationException($"enclave {request.Kind} answered {response.Kind}, not {kind}");
    }
}
