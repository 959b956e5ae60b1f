using System.Buffers.Binary;
using Veil.Chain.State;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;

namespace Veil.Chain.Runtime;

/// <summary>
/// Runs a block's transactions in order on an overlay of the parent state. Authoring skips candidates
/// that turn out invalid; import (strict) fails the whole block on the first invalid one.
/// Signatures must already have been checked (in parallel) by the caller.
/// </summary>
public sealed class BlockExecutor
{
    private readonly VeilRuntime _runtime;

    public BlockExecutor(VeilRuntime runtime) => _runtime = runtime;

    public BlockExecution Execute(IStateReader parentState, BlockContext block, IEnumerable<Extrinsic> candidates, bool strict, out string error)
    {
        var number = block.Number;
        var state = new StateOverlay(parentState);
        var events = block.Events;
        var included = new List<Extrinsic>();
        var outcomes = new List<DispatchError?>();
        var rejected = new List<(Extrinsic, TransactionCheck)>();
        var bytes = 0;
        error = string.Empty;
        foreach (var extrinsic in candidates)
        {
            if (included.Count >= _runtime.Parameters.MaxBlockExtrinsics || bytes + extrinsic.Encoded.Length > _runtime.Parameters.MaxBlockBytes)
            {
                if (strict)
                {
                    error = "block exceeds the size or extrinsic-count limit";
                    break;
                }

                break;
            }

            var check = _runtime.Check(state, extrinsic, number, exactNonce: true);
            if (!check.IsValid)
            {
                if (strict)
                {
                    error = $"extrinsic {included.Count} ({extrinsic.Hash}) is invalid: {check.Message}";
                    break;
                }

                rejected.Add((extrinsic, check));
                continue;
            }

            outcomes.Add(_runtime.Apply(state, block, extrinsic, (uint)included.Count));
            included.Add(extrinsic);
            bytes += extrinsic.Encoded.Length;
        }

        var numberBytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(numberBytes, number);
        state.Set(StorageKey.SystemNumber, numberBytes);
        state.Set(StorageKey.SystemEvents, events.Encode());
        state.Commit();
        return new BlockExecution { State = state, Included = included, Outcomes = outcomes, Rejected = rejected, EventCount = events.Count, Messages = block.Messages.Messages, MessageHashes = block.Messages.Hashes() };
    }
}
