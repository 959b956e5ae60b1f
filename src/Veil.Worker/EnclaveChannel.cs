using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// Passes a client's sealed query to the enclave. A refusal (undecodable, another contract, forged,
    /// expired) is an answer for the client, not an exception; <paramref name="error"/> says why.
    /// </summary>
    public bool TryQuery(byte[] sealedQuery, out byte[] sealedAnswer, out string error)
        => TryAsk(BoundaryRequest.Query(sealedQuery), out sealedAnswer, out error);

    /// <summary>Like <see cref="TryQuery"/>, for a sealed receipt request (the command's sender reads its private receipt).</summary>
    public bool TryReceipt(byte[] sealedQuery, out byte[] sealedAnswer, out string error)
        => TryAsk(BoundaryRequest.Receipt(sealedQuery), out sealedAnswer, out error);

    private bool TryAsk(BoundaryRequest request, out byte[] sealedAnswer, out string error)
    {
        ArgumentNullException.ThrowIfNull(request.Data);
        sealedAnswer = [];
        if (!TryCall(request, BoundaryResponseKind.QueryAnswer, out var response, out error))
        {
            return false;
        }

        sealedAnswer = response.Bytes;
        return true;
    }

    /// <summary>Asks the enclave to seal its state: the sealed bytes and the info (block) they reflect.</summary>
    public (byte[] SealedCheckpoint, EnclaveInfo Info) Checkpoint()
    {
        var response = Expect(BoundaryRequest.Checkpoint(), BoundaryResponseKind.Checkpoint);
        return (response.Bytes, response.Info!);
    }

    /// <summary>
    /// Hands a sealed checkpoint back to the enclave. A refusal (tampered, other platform or build, other
    /// chain) is an answer, not an exception: the enclave keeps its current state and <paramref name="error"/> says why.
    /// </summary>
    public bool TryRestore(byte[] sealedCheckpoint, [NotNullWhen(true)] out EnclaveInfo? info, out string error)
    {
        ArgumentNullException.ThrowIfNull(sealedCheckpoint);
        info = null;
        if (!TryCall(BoundaryRequest.Restore(sealedCheckpoint), BoundaryResponseKind.Restored, out var response, out error))
        {
            return false;
        }

        if (response.Info is null)
        {
            error = "enclave Restore answered without the enclave's info";
            return false;
        }

        info = response.Info;
        return true;
    }

    private bool TryCall(BoundaryRequest request, BoundaryResponseKind kind, out BoundaryResponse response, out string error)
    {
        byte[] answer;
        lock (_lock)
        {
            answer = _boundary.Call(request.Encode());
        }

        if (!BoundaryResponse.TryDecode(answer, out response, out var decodeError))
        {
            error = $"enclave {request.Kind}: {decodeError}";
            return false;
        }

        if (response.IsError)
        {
            error = response.Error;
            return false;
        }

        if (response.Kind != kind)
        {
            error = $"enclave {request.Kind} answered {response.Kind}, not {kind}";
            return false;
        }

        error = string.Empty;
        return true;
    }

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
