using System.Security.Cryptography;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Crypto;
using Veil.Enclave.Confidential;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.LightClient;
using Veil.Enclave.Platform;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Boundary;

/// <summary>
/// The sealed checkpoint of an enclave (DESIGN §5 "State"): light-client state (so the block it reflects),
/// the enclave's own sequence and last delivered position, the registered enclaves it knows, and per hosted
/// contract its deployment, sequence, held commands and — once running — its keys and state snapshot.
/// The whole plaintext holds contract secrets, so it exists only inside the enclave and leaves it sealed
/// by the platform (AD "veil/checkpoint"), bound to this measurement and platform secret. Private
/// receipts are not carried: they are answers for queries about past commands, not state.
/// </summary>
internal static class EnclaveCheckpoint
{
    /// <summary>Version 2 adds, per contract, the join a worker waits a state snapshot for; version 3 a
    /// WebAssembly contract's deployment (code, constructor, time) and the timestamps of held commands'
    /// blocks. Versions 1 and 2 are still read.</summary>
    public const byte FormatVersion = 3;

    private const int SecretLength = X25519.KeySize + Ed25519.SeedSize;

    private const int MaxItems = 1 << 20;

    public static ReadOnlySpan<byte> AssociatedData => "veil/checkpoint"u8;

    public static byte[] Seal(IEnclavePlatform platform, EnclaveIdentity identity, WorkerRole role, ChainLightClient lightClient, EnclaveRuntime runtime)
    {
        var writer = new ScaleWriter(4096);
        var secret = new byte[SecretLength];
        byte[]? plaintext = null;
        try
        {
            writer.WriteU8(FormatVersion);
            writer.WriteHash(identity.IdentityKey);
            writer.WriteU8((byte)role);
            writer.WriteBytes(lightClient.State.Encode());
            writer.WriteU64(runtime.NextSequence);
            var last = runtime.LastPosition;
            writer.WriteOptionTag(last is not null);
            if (last is { } position)
            {
                writer.WriteU32(position.Block);
                writer.WriteU32((uint)position.Index);
            }

            writer.WriteLength(runtime.Workers.Count);
            foreach (var worker in runtime.Workers.Values)
            {
                writer.WriteBytes(worker.Encode());
            }

            var hosted = runtime.HostedContracts.ToList();
            writer.WriteLength(hosted.Count);
            foreach (var contract in hosted)
            {
                writer.WriteBytes(contract.Info.Encode());
                writer.WriteOptionTag(contract.Wasm is not null);
                if (contract.Wasm is not null)
                {
                    writer.WriteBytes(contract.Wasm.Encode());
                }

                writer.WriteU32((uint)contract.DeployIndex);
                writer.WriteU64(contract.NextSequence);
                writer.WriteOptionTag(contract.IsRunning);
                if (contract.IsRunning)
                {
                    writer.WriteU32(contract.Keys!.Epoch);
                    contract.Keys.ExportSecrets(secret);
                    writer.WriteRaw(secret);
                    writer.WriteBytes(contract.Instance!.State.EncodeSnapshot());
                }

                writer.WriteLength(contract.Pending.Count);
                foreach (var (block, index, message) in contract.Pending)
                {
                    writer.WriteU32(block);
                    writer.WriteU32((uint)index);
                    message.Encode(ref writer);
                }

                // A worker that joined a running cluster and still waits for its state snapshot.
                writer.WriteOptionTag(contract.AwaitingSnapshotAt is not null);
                if (contract.AwaitingSnapshotAt is { } joinedAt)
                {
                    writer.WriteU32(joinedAt.Block);
                    writer.WriteU32((uint)joinedAt.Index);
                    writer.WriteOptionTag(contract.Keys is not null);
                    if (contract.Keys is not null)
                    {
                        writer.WriteU32(contract.Keys.Epoch);
                        contract.Keys.ExportSecrets(secret);
                        writer.WriteRaw(secret);
                    }

                    writer.WriteLength(contract.HeldSnapshots.Count);
                    foreach (var snapshot in contract.HeldSnapshots)
                    {
                        writer.WriteBytes(snapshot);
                    }
                }

                writer.WriteLength(contract.PendingTimestamps.Count);
                foreach (var (block, timestamp) in contract.PendingTimestamps)
                {
                    writer.WriteU32(block);
                    writer.WriteU64(timestamp);
                }
            }

            plaintext = writer.ToArray();
            return platform.Seal(plaintext, AssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }

            writer.Reset();
            writer.Dispose();
        }
    }

    /// <summary>Unseals and rebuilds; on any failure nothing is returned and nothing outside is touched.</summary>
    public static bool TryRestore(
        IEnclavePlatform platform,
        EnclaveIdentity identity,
        WorkerRole role,
        MasterKey? masterKey,
        ReadOnlySpan<byte> sealedCheckpoint,
        out ChainLightClient? lightClient,
        out EnclaveRuntime? runtime,
        out string error)
    {
        lightClient = null;
        runtime = null;
        if (!platform.TryUnseal(sealedCheckpoint, AssociatedData, out var plaintext, out var unsealError))
        {
            error = $"checkpoint refused: {unsealError}";
            return false;
        }

        EnclaveRuntime? built = null;
        try
        {
            var reader = new ScaleReader(plaintext);
            var version = reader.ReadU8();
            if (!reader.Failed && version is not (1 or 2 or FormatVersion))
            {
                error = $"checkpoint refused: format version {version}, this enclave reads version {FormatVersion}";
                return false;
            }

            var owner = reader.ReadHash();
            var checkpointRole = (WorkerRole)reader.ReadU8();
            if (!reader.Failed && (owner != identity.IdentityKey || checkpointRole != role))
            {
                error = $"checkpoint refused: it belongs to {checkpointRole} enclave {owner}, this is {role} enclave {identity.IdentityKey}";
                return false;
            }

            if (!LightClientState.TryDecode(reader.ReadBytes(LightClientState.MaxEncodedLength), out var state, out var stateError))
            {
                error = $"checkpoint refused: light-client state: {(reader.Failed ? "truncated" : stateError)}";
                return false;
            }

            var sequence = reader.ReadU64();
            built = role == WorkerRole.Gatekeeper
                ? EnclaveRuntime.ForGatekeeper(platform, identity, state.GenesisHash, masterKey!, sequence)
                : EnclaveRuntime.ForWorker(platform, identity, state.GenesisHash, sequence);
            if (reader.ReadOptionTag())
            {
                var block = reader.ReadU32();
                var index = (int)Math.Min(reader.ReadU32(), int.MaxValue);
                built.RestorePosition((block, index));
            }

            var workerCount = reader.ReadLength(MaxItems);
            for (var i = 0; i < workerCount && !reader.Failed; i++)
            {
                if (!WorkerInfo.TryDecode(reader.ReadBytes(), out var info, out var infoError))
                {
                    error = $"checkpoint refused: worker {i}: {infoError}";
                    return false;
                }

                built.RestoreWorker(info);
            }

            var contractCount = reader.ReadLength(MaxItems);
            for (var i = 0; i < contractCount && !reader.Failed; i++)
            {
                if (!TryReadContract(ref reader, built.GenesisHash, version, out var hosted, out error))
                {
                    return false;
                }

                built.RestoreContract(hosted);
            }

            if (!reader.TryFinish(out var decodeError))
            {
                error = $"checkpoint refused: its contents do not decode: {decodeError}";
                return false;
            }

            lightClient = new ChainLightClient(state);
            runtime = built;
            built = null;
            error = string.Empty;
            return true;
        }
        finally
        {
            built?.Dispose();
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static bool TryReadContract(ref ScaleReader reader, Hash256 genesisHash, byte version, out HostedContract hosted, out string error)
    {
        hosted = null!;
        if (!ContractInfo.TryDecode(reader.ReadBytes(), out var info, out var infoError))
        {
            error = $"checkpoint refused: contract deployment: {(reader.Failed ? "truncated" : infoError)}";
            return false;
        }

        WasmDeployment? wasm = null;
        var deployIndex = 0;
        if (version >= 3)
        {
            if (reader.ReadOptionTag())
            {
                if (!WasmDeployment.TryDecode(reader.ReadBytes(QueueMessage.MaxPayloadLength), out var deployment, out var wasmError))
                {
                    error = $"checkpoint refused: contract {info.Id} code: {(reader.Failed ? "truncated" : wasmError)}";
                    return false;
                }

                wasm = deployment;
            }

            deployIndex = (int)Math.Min(reader.ReadU32(), int.MaxValue);
        }

        if (!EnclaveRuntime.TryCreateContract(info, wasm, out var contract, out var createError))
        {
            error = $"checkpoint refused: {createError}";
            return false;
        }

        var candidate = new HostedContract(info) { Wasm = wasm, DeployIndex = deployIndex, NextSequence = reader.ReadU64() };
        var complete = false;
        try
        {
            if (reader.ReadOptionTag())
            {
                var epoch = reader.ReadU32();
                var secret = reader.ReadRaw(SecretLength);
                var snapshot = reader.ReadBytes();
                if (reader.Failed)
                {
                    error = "checkpoint refused: contract keys or state truncated";
                    return false;
                }

                if (!ContractState.TryDecodeSnapshot(snapshot, out var state, out var snapshotError))
                {
                    error = $"checkpoint refused: contract {info.Id} state: {snapshotError}";
                    return false;
                }

                var keys = new ContractKeys(info.Id, epoch, secret[..X25519.KeySize], secret[X25519.KeySize..]);
                candidate.Start(keys, new CommandOpener(keys, genesisHash), new ContractInstance(info.Id, contract, state));
            }

            var pendingCount = reader.ReadLength(EnclaveRuntime.MaxPendingCommands);
            for (var p = 0; p < pendingCount && !reader.Failed; p++)
            {
                var block = reader.ReadU32();
                var index = (int)Math.Min(reader.ReadU32(), int.MaxValue);
                var message = QueueMessage.Decode(ref reader);
                candidate.Pending.Enqueue((block, index, message));
            }

            if (version >= 2 && reader.ReadOptionTag())
            {
                var block = reader.ReadU32();
                var index = (int)Math.Min(reader.ReadU32(), int.MaxValue);
                candidate.AwaitingSnapshotAt = (block, index);
                if (reader.ReadOptionTag())
                {
                    var epoch = reader.ReadU32();
                    var secret = reader.ReadRaw(SecretLength);
                    if (reader.Failed)
                    {
                        error = "checkpoint refused: contract keys truncated";
                        return false;
                    }

                    candidate.HoldKeys(new ContractKeys(info.Id, epoch, secret[..X25519.KeySize], secret[X25519.KeySize..]));
                }

                var heldCount = reader.ReadLength(HostedContract.MaxHeldSnapshots);
                for (var h = 0; h < heldCount && !reader.Failed; h++)
                {
                    candidate.HeldSnapshots.Add(reader.ReadBytes(QueueMessage.MaxPayloadLength).ToArray());
                }
            }

            if (version >= 3)
            {
                var timestampCount = reader.ReadLength(EnclaveRuntime.MaxPendingCommands, minItemSize: 12);
                for (var t = 0; t < timestampCount && !reader.Failed; t++)
                {
                    candidate.PendingTimestamps[reader.ReadU32()] = reader.ReadU64();
                }
            }

            if (reader.Failed)
            {
                error = "checkpoint refused: contract entry truncated";
                return false;
            }

            hosted = candidate;
            complete = true;
            error = string.Empty;
            return true;
        }
        finally
        {
            if (!complete)
            {
                candidate.Dispose();
            }
        }
    }
}
