using System.Text.Json;
using Microsoft.Extensions.Logging;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Enclave.Boundary;
using Veil.Protocol.Blocks;
using Veil.Protocol.Calls;
using Veil.Protocol.Messaging;
using Veil.Protocol.Transactions;
using Veil.Sdk.Rpc;

namespace Veil.Worker;

public sealed partial class WorkerHost
{
    // The node's JSON-RPC code for a transaction already in its pool (Substrate's 1013).
    private const int AlreadyImportedCode = 1013;

    /// <summary>
    /// Registers the enclave with fresh evidence bound to the operator, unless veil_workers already lists
    /// its identity (a restart), and waits until the registration is finalized and succeeded.
    /// </summary>
    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var info = Status.Info;
        if (await IsRegisteredAsync(info.IdentityKey, cancellationToken).ConfigureAwait(false))
        {
            _logger.LogInformation("enclave {Identity} is already registered", info.IdentityKey);
            Status.Registered = true;
            return;
        }

        var evidence = _enclave.CreateEvidence(_operator.PublicKey, (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        var extrinsic = await SignAsync(RegistryCall.CreateRegisterWorker(evidence, info.IdentityKey, info.EcdhKey), cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RegistrationTimeout);
        await _client.SubmitAndWaitFinalizedAsync(extrinsic, null, timeout.Token).ConfigureAwait(false);
        var status = await _client.Rpc.CallAsync("veil_transactionStatus", [Blake2b.Hash256(extrinsic).ToString()], timeout.Token).ConfigureAwait(false);
        if (status.ValueKind == JsonValueKind.Object && status.TryGetProperty("success", out var success) && !success.GetBoolean())
        {
            var reason = status.TryGetProperty("error", out var error) ? error.GetString() : "unknown error";
            throw new InvalidOperationException($"the chain refused to register enclave {info.IdentityKey}: {reason}");
        }

        Status.Registered = true;
        _logger.LogInformation("registered {Role} enclave {Identity} with operator {Operator}", info.Role, info.IdentityKey, _operator.PublicKey);
    }

    private async Task<bool> IsRegisteredAsync(Hash256 identityKey, CancellationToken cancellationToken)
    {
        var workers = await _client.Rpc.CallAsync("veil_workers", [], cancellationToken).ConfigureAwait(false);
        var key = identityKey.ToString();
        foreach (var worker in workers.EnumerateArray())
        {
            if (worker.GetProperty("identityKey").GetString() == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Follows finalized heads: on each notification, hands every block not yet accepted to the enclave in
    /// batches of at most <see cref="WorkerHostOptions.MaxBlocksPerBatch"/>, then relays the egress in order.
    /// A refused batch is logged and retried from the enclave's last accepted block at the next head.
    /// </summary>
    private async Task RunRelayLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var subscription = await _client.Rpc.SubscribeAsync("chain_subscribeFinalizedHeads", [], "chain_unsubscribeFinalizedHeads", cancellationToken).ConfigureAwait(false);
            await using (subscription.ConfigureAwait(false))
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var head = NodeBlockSource.ParseNumber(await subscription.NextAsync(cancellationToken).ConfigureAwait(false));
                    await CatchUpAsync(head, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (RpcClientException ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogError("lost the node at {Url}: {Error}", _options.NodeUrl, ex.Message);
            throw;
        }
    }

    private async Task CatchUpAsync(uint head, CancellationToken cancellationToken)
    {
        var bundles = new List<FinalizedBlockBundle>(_options.MaxBlocksPerBatch);
        while (Status.Info.LastNumber < head)
        {
            bundles.Clear();
            for (var number = Status.Info.LastNumber + 1; number <= head && bundles.Count < _options.MaxBlocksPerBatch; number++)
            {
                if (await _blocks.GetBundleAsync(number, cancellationToken).ConfigureAwait(false) is not { } bundle)
                {
                    break;
                }

                bundles.Add(bundle);
            }

            if (bundles.Count == 0)
            {
                return;
            }

            var processed = _enclave.ProcessBlocks(FinalizedBlockBundle.EncodeBatch(bundles));
            Status.AddBlocks(processed.Accepted);
            Status.Update(_enclave.GetInfo());
            // Refusals are rare and each names a message someone paid to put on chain: worth an operator's eye.
            Status.AddRefusedMessages(processed.Refusals.Count);
            foreach (var refusal in processed.Refusals)
            {
                _logger.LogInformation("block #{Number} message {Index} refused by the enclave: {Reason}", refusal.BlockNumber, refusal.Index, refusal.Reason);
            }

            await RelayAsync(processed.Egress, cancellationToken).ConfigureAwait(false);
            if (!processed.IsComplete)
            {
                Status.AddRefusedBatch();
                _logger.LogWarning("the enclave accepted {Accepted} of {Offered} blocks: {Error}", processed.Accepted, processed.Offered, processed.Error);
                return;
            }

            if (processed.Accepted > 0)
            {
                StoreCheckpoint();
            }
        }
    }

    /// <summary>
    /// Asks the enclave for a sealed checkpoint and stores it atomically in the data directory, after the
    /// batch's egress was relayed (a restart must not skip egress it never sent). A failure is logged and
    /// leaves the previous checkpoint in place: the worker keeps following, and a restart replays further.
    /// </summary>
    private void StoreCheckpoint()
    {
        try
        {
            var (sealedCheckpoint, info) = _enclave.Checkpoint();
            SealedKeyFiles.WriteCheckpoint(_options.DataDirectory, sealedCheckpoint);
            Status.SetCheckpointBlock(info.LastNumber);
            _logger.LogDebug("stored checkpoint at block #{Number}", info.LastNumber);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("could not store a checkpoint: {Error}", ex.Message);
        }
    }

    /// <summary>
    /// Relays each egress message in order with its own MessageQueue.relay extrinsic. Relaying is
    /// idempotent on chain (a sequence already seen is skipped), so "already imported" counts as relayed.
    /// </summary>
    private async Task RelayAsync(IReadOnlyList<SignedMessage> egress, CancellationToken cancellationToken)
    {
        foreach (var message in egress)
        {
            var extrinsic = await SignAsync(MessageQueueCall.CreateRelay(message), cancellationToken).ConfigureAwait(false);
            try
            {
                await _client.SubmitAsync(extrinsic, cancellationToken).ConfigureAwait(false);
                Status.AddRelayed(alreadyKnown: false);
            }
            catch (RpcClientException ex) when (ex.Code == AlreadyImportedCode)
            {
                Status.AddRelayed(alreadyKnown: true);
            }
            catch (RpcClientException ex) when (ex.Code > 0)
            {
                Status.AddRelayFailure();
                _logger.LogWarning("relay of egress #{Sequence} rejected: {Error}", message.Sequence, ex.Message);
            }
        }
    }

    /// <summary>An immortal extrinsic signed by the operator with its next nonce (counting its pooled ones).</summary>
    private async Task<byte[]> SignAsync(byte[] call, CancellationToken cancellationToken)
    {
        var context = await _client.GetSigningContextAsync(cancellationToken).ConfigureAwait(false);
        var nonce = await _client.GetNextNonceAsync(_operator.PublicKey, cancellationToken).ConfigureAwait(false);
        return ExtrinsicCodec.EncodeSigned(_operator.PublicKey, call, Era.Immortal, nonce, UInt128.Zero, context, context.GenesisHash, _operator.Sign);
    }
}
