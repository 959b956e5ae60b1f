using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Enclave.Confidential;
using Veil.Enclave.LightClient;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Execution;

/// <summary>
/// Workers joining a running cluster (Contracts.add_worker). At the join's queue position the gatekeeper
/// seals the contract's keys to the new worker, and every running worker emits the contract's state at that
/// position as a <see cref="StateSnapshotMessage"/> from origin Contract(id), signed with the contract key
/// and the contract's next sequence like any contract egress, so all copies are byte-identical and the
/// chain delivers one. The new worker holds later commands until it has both keys and snapshot, then
/// loads the state and sequence and runs them in order: it ends where the cluster is.
/// </summary>
public sealed partial class EnclaveRuntime
{
    private void OnJoined(DeliveredMessage delivered)
    {
        var message = delivered.Message;
        if (message.Sender != Origin.Module("Contracts"))
        {
            Refuse(delivered, $"cluster join from {message.Sender}, only Module(Contracts) may announce joins");
            return;
        }

        var payload = message.Payload;
        if (payload.Length < Hash256.Size || !ContractInfo.TryDecode(payload.AsSpan(0, payload.Length - Hash256.Size), out var info, out _))
        {
            Refuse(delivered, "cluster join does not decode");
            return;
        }

        var joiner = new Hash256(payload.AsSpan(payload.Length - Hash256.Size));
        if (CreateContract(info.Kind) is null)
        {
            Refuse(delivered, $"contract {info.Id} is of kind '{info.Kind}', which this enclave cannot run");
            return;
        }

        if (Role == WorkerRole.Gatekeeper)
        {
            using var keys = _masterKey!.DeriveContractKeys(info.Id);
            SealKeysTo(delivered, keys, joiner);
            return;
        }

        if (joiner == IdentityKey)
        {
            if (!_contracts.ContainsKey(info.Id))
            {
                Host(new HostedContract(info) { AwaitingSnapshotAt = (delivered.BlockNumber, delivered.Index) });
            }

            return;
        }

        if (!_contracts.TryGetValue(info.Id, out var hosted))
        {
            return;
        }

        if (!hosted.IsRunning)
        {
            // No keys or state yet: the snapshot is owed at this position and sent once this worker runs.
            OnCommand(delivered, hosted);
            return;
        }

        var state = hosted.Instance!.State.EncodeSnapshot();
        var sequence = hosted.NextSequence;
        if (!StateSnapshotMessage.TryCreate(hosted.Keys!, GenesisHash, delivered.BlockNumber, delivered.Index, joiner, sequence + 1, state, out var snapshot, out var reason))
        {
            Refuse(delivered, reason);
            return;
        }

        EmitContract(hosted, new QueueMessage(Origin.Contract(info.Id), System.Text.Encoding.UTF8.GetBytes(ContractTopics.Snapshot(info.Id)), snapshot));
    }

    private void OnSnapshot(DeliveredMessage delivered, HostedContract hosted)
    {
        if (hosted.AwaitingSnapshotAt is null)
        {
            // Running workers see the snapshots their cluster sends to others.
            return;
        }

        var message = delivered.Message;
        if (message.Sender != Origin.Contract(hosted.Info.Id))
        {
            Refuse(delivered, $"state snapshot for contract {hosted.Info.Id} from {message.Sender}, only the contract itself may send it");
            return;
        }

        if (hosted.Keys is null)
        {
            if (hosted.HeldSnapshots.Count >= HostedContract.MaxHeldSnapshots)
            {
                Refuse(delivered, $"state snapshot for contract {hosted.Info.Id}: {HostedContract.MaxHeldSnapshots} already wait for the keys");
                return;
            }

            hosted.HeldSnapshots.Add(message.Payload);
            return;
        }

        TryLoadSnapshot(delivered, hosted, message.Payload);
    }

    private void TryLoadHeldSnapshots(DeliveredMessage delivered, HostedContract hosted)
    {
        var held = hosted.HeldSnapshots.ToArray();
        hosted.HeldSnapshots.Clear();
        foreach (var payload in held)
        {
            if (TryLoadSnapshot(delivered, hosted, payload))
            {
                return;
            }
        }
    }

    private bool TryLoadSnapshot(DeliveredMessage delivered, HostedContract hosted, byte[] payload)
    {
        var id = hosted.Info.Id;
        if (!StateSnapshotMessage.TryDecode(payload, out var snapshot, out var error))
        {
            Refuse(delivered, $"contract {id}: {error}");
            return false;
        }

        var (block, index) = hosted.AwaitingSnapshotAt!.Value;
        if (snapshot.ContractId != id || snapshot.Joiner != IdentityKey || snapshot.Block != block || snapshot.Index != index)
        {
            Refuse(delivered, $"state snapshot for contract {snapshot.ContractId} is for the join of {snapshot.Joiner} at block {snapshot.Block} index {snapshot.Index}, this worker joined contract {id} at block {block} index {index}");
            return false;
        }

        if (!snapshot.TryOpen(hosted.Keys!, GenesisHash, out var nextSequence, out var state, out error))
        {
            Refuse(delivered, error);
            return false;
        }

        hosted.Start(hosted.Keys!, new CommandOpener(hosted.Keys!, GenesisHash), new ContractInstance(id, CreateContract(hosted.Info.Kind)!, state));
        hosted.NextSequence = nextSequence;
        hosted.AwaitingSnapshotAt = null;
        hosted.HeldSnapshots.Clear();
        RunPending(hosted);
        return true;
    }
}
