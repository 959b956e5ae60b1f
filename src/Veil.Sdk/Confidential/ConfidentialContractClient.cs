using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Blocks;
using Veil.Protocol.Calls;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;

namespace Veil.Sdk.Confidential;

/// <summary>
/// A user's side of one confidential contract (DESIGN §5–§6): reads the contract's published keys from
/// chain state, seals commands into MessageQueue.push extrinsics signed by the user, and sends sealed,
/// signed queries straight to a worker over HTTP, opening the encrypted answers. Nothing secret leaves the
/// client in plaintext: the node and the worker host see only envelopes. One command session (ephemeral
/// key) per client, as DESIGN §6 allows; each query gets its own ephemeral key. Thread-safe.
/// </summary>
public sealed class ConfidentialContractClient : IDisposable
{
    /// <summary>How many blocks past the chain's finalized head a query stays answerable.</summary>
    public const uint DefaultQueryValidity = 100;

    private readonly VeilClient _chain;
    private readonly HttpClient _http;
    private readonly CommandSealer _sealer;
    private readonly QuerySealer _querySealer;
    private readonly byte[] _commandTopic;

    private ConfidentialContractClient(VeilClient chain, HttpClient http, Uri worker, ContractInfo contract, Hash256 genesisHash)
    {
        _chain = chain;
        _http = http;
        Worker = worker;
        Contract = contract;
        GenesisHash = genesisHash;
        PublicKeys = new ContractPublicKeys(contract.Id, contract.Epoch, contract.EcdhKey, contract.SigningKey);
        _sealer = new CommandSealer(PublicKeys, genesisHash);
        _querySealer = new QuerySealer(PublicKeys, genesisHash);
        _commandTopic = Encoding.UTF8.GetBytes(ContractTopics.Command(contract.Id));
    }

    public ContractInfo Contract { get; }

    public ContractPublicKeys PublicKeys { get; }

    public Hash256 GenesisHash { get; }

    /// <summary>The worker whose /query endpoint answers this client's queries.</summary>
    public Uri Worker { get; }

    /// <summary>
    /// Opens a client for <paramref name="contractId"/>, or — when null — for the only deployed contract
    /// of <paramref name="kind"/>. <paramref name="chain"/> and <paramref name="http"/> are borrowed.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such contract, several of that kind, or its keys are not published yet.</exception>
    public static async Task<ConfidentialContractClient> OpenAsync(VeilClient chain, HttpClient http, Uri worker, Hash256? contractId, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(worker);
        var id = contractId ?? await FindByKindAsync(chain, kind, cancellationToken).ConfigureAwait(false);
        var contract = await GetContractAsync(chain, id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no contract {id} is deployed on this chain");
        if (!contract.HasKeys)
        {
            throw new InvalidOperationException($"contract {id} ({contract.Kind}) has no published keys yet: its gatekeeper has not processed the deployment");
        }

        var context = await chain.GetSigningContextAsync(cancellationToken).ConfigureAwait(false);
        return new ConfidentialContractClient(chain, http, worker, contract, context.GenesisHash);
    }

    /// <summary>The contract as stored on chain (decoded from raw state, not from a JSON view), or null.</summary>
    public static async Task<ContractInfo?> GetContractAsync(VeilClient chain, Hash256 contractId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var stored = await chain.Rpc.CallAsync("state_getStorage", [Hex.Encode(StorageKey.Contract(contractId))], cancellationToken).ConfigureAwait(false);
        if (stored.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return ContractInfo.TryDecode(Hex.Decode(stored.GetString()!), out var info, out var error)
            ? info
            : throw new InvalidDataException($"the node returned an undecodable record for contract {contractId}: {error}");
    }

    /// <summary>The id of the only deployed contract of <paramref name="kind"/>.</summary>
    public static async Task<Hash256> FindByKindAsync(VeilClient chain, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var contracts = await chain.Rpc.CallAsync("veil_contracts", [], cancellationToken).ConfigureAwait(false);
        Hash256? found = null;
        foreach (var contract in contracts.EnumerateArray())
        {
            if (contract.GetProperty("kind").GetString() != kind)
            {
                continue;
            }

            if (found is not null)
            {
                throw new InvalidOperationException($"several {kind} contracts are deployed; name one with its id");
            }

            found = Hash256.Parse(contract.GetProperty("id").GetString()!);
        }

        return found ?? throw new InvalidOperationException($"no {kind} contract is deployed on this chain (is `veil dev` running?)");
    }

    /// <summary>A MessageQueue.push extrinsic carrying <paramref name="command"/> sealed to the contract; only <paramref name="from"/> can have it opened.</summary>
    public byte[] SignCommand(Ed25519KeyPair from, ReadOnlySpan<byte> command, uint nonce, in SigningContext context)
    {
        ArgumentNullException.ThrowIfNull(from);
        var envelope = _sealer.Seal(from.PublicKey, command).Encode();
        var call = MessageQueueCall.CreatePush(_commandTopic, envelope);
        return ExtrinsicCodec.EncodeSigned(from.PublicKey, call, Era.Immortal, nonce, 0, context, context.GenesisHash, from.Sign);
    }

    /// <summary>
    /// Signs a query as <paramref name="asker"/>, sends it to the worker, and returns the contract's
    /// decrypted answer or refusal. With <paramref name="atLeastBlock"/>, an answer reflecting an earlier
    /// block (the block number is inside the encryption, so the host cannot fake it) is asked again until
    /// it is fresh enough or <paramref name="timeout"/> passes.
    /// </summary>
    /// <exception cref="QueryRefusedException">The worker's enclave refused the envelope (expired, forged, unknown contract …).</exception>
    /// <exception cref="TimeoutException">The worker's answers stayed older than <paramref name="atLeastBlock"/>.</exception>
    public Task<(QueryResult Result, uint Block)> QueryAsync(Ed25519KeyPair asker, byte[] query, CancellationToken cancellationToken, uint atLeastBlock = 0, TimeSpan? timeout = null)
        => AskAsync("/query", asker, query, atLeastBlock, timeout, cancellationToken);

    /// <summary>
    /// The private receipt of <paramref name="sender"/>'s own command delivered at (<paramref name="block"/>,
    /// <paramref name="index"/>), from the worker's <c>POST /receipt</c>: success with the contract's receipt
    /// bytes (a WebAssembly contract's output and events), or the contract's error — why the command failed.
    /// Waits until the worker's answers reflect <paramref name="block"/>.
    /// </summary>
    public async Task<QueryResult> GetReceiptAsync(Ed25519KeyPair sender, uint block, int index, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var (answer, _) = await AskAsync("/receipt", sender, new ReceiptRequest(block, index).Encode(), block, timeout, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            // No receipt, or not ours: the worker's sealed refusal.
            return answer;
        }

        return QueryResult.TryDecode(answer.Answer, out var receipt, out var error)
            ? receipt
            : throw new QueryRefusedException($"the receipt does not decode: {error}");
    }

    /// <summary>
    /// The receipt of the command carried by <paramref name="extrinsic"/> (a MessageQueue.push this client
    /// signed), finalized in block <paramref name="block"/>: finds its position among the block's queue
    /// messages, then reads the receipt as its sender.
    /// </summary>
    public async Task<QueryResult> GetReceiptAsync(Ed25519KeyPair sender, byte[] extrinsic, uint block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extrinsic);
        var envelope = PushedPayload(extrinsic);
        var hash = await _chain.GetBlockHashAsync(block, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the node has no block #{block}");
        var stored = await _chain.Rpc.CallAsync("veil_blockMessages", [hash.ToString()], cancellationToken).ConfigureAwait(false);
        if (stored.ValueKind != JsonValueKind.String
            || !FinalizedBlockBundle.TryDecodeStoredMessages(Hex.Decode(stored.GetString()!), out var messages, out var error))
        {
            throw new InvalidDataException($"the node returned no decodable messages for block #{block}");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Sender == Origin.Account(sender.PublicKey) && messages[i].Topic.AsSpan().SequenceEqual(_commandTopic) && messages[i].Payload.AsSpan().SequenceEqual(envelope))
            {
                return await GetReceiptAsync(sender, block, i, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"block #{block} holds no command of {sender.PublicKey.ToSs58()} with this envelope: the chain refused it (see the transaction's outcome)");
    }

    private static byte[] PushedPayload(byte[] extrinsic)
    {
        if (!ExtrinsicCodec.TryDecode(extrinsic, out var decoded, out var error))
        {
            throw new ArgumentException($"not an extrinsic: {error}", nameof(extrinsic));
        }

        var call = decoded.Call;
        if (call.Length < 2 || call[0] != ModuleIndex.MessageQueue || call[1] != MessageQueueCall.Push)
        {
            throw new ArgumentException("not a MessageQueue.push extrinsic", nameof(extrinsic));
        }

        var reader = new Veil.Core.Scale.ScaleReader(call[2..]);
        reader.ReadBytes(Veil.Protocol.Messaging.QueueMessage.MaxTopicLength);
        var payload = reader.ReadBytes(Veil.Protocol.Messaging.QueueMessage.MaxPayloadLength).ToArray();
        return reader.TryFinish(out error) ? payload : throw new ArgumentException($"not a MessageQueue.push extrinsic: {error}", nameof(extrinsic));
    }

    private async Task<(QueryResult Result, uint Block)> AskAsync(string path, Ed25519KeyPair asker, byte[] query, uint atLeastBlock, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asker);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var finalized = await GetFinalizedNumberAsync(cancellationToken).ConfigureAwait(false);
            using var pending = _querySealer.Seal(asker, query, finalized + (ulong)DefaultQueryValidity);
            var sealedAnswer = await PostQueryAsync(pending.Request.Encode(), cancellationToken, path).ConfigureAwait(false);
            if (!pending.TryOpenResponse(sealedAnswer, out var plaintext, out var error))
            {
                throw new QueryRefusedException($"the worker's answer cannot be opened: {error}");
            }

            if (!QueryAnswer.TryDecode(plaintext, out var answer, out error) || !QueryResult.TryDecode(answer.Result, out var result, out error))
            {
                throw new QueryRefusedException($"the contract's answer does not decode: {error}");
            }

            if (answer.BlockNumber >= atLeastBlock)
            {
                return (result, answer.BlockNumber);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"worker {Worker} still answers from block #{answer.BlockNumber}, not #{atLeastBlock} or later");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Posts an encoded sealed query to the worker; the encoded sealed answer, or a refusal with the worker's reason.</summary>
    public async Task<byte[]> PostQueryAsync(byte[] sealedQuery, CancellationToken cancellationToken, string path = "/query")
    {
        using var content = new ByteArrayContent(sealedQuery);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.PostAsync(new Uri(Worker, path), content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        throw new QueryRefusedException($"worker {Worker} refused the query ({(int)response.StatusCode}): {ErrorText(body)}");
    }

    /// <summary>The last block the worker's enclave has accepted (from its /info).</summary>
    public async Task<uint> GetWorkerBlockAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(Worker, "/info"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var info = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        return info.RootElement.GetProperty("lastBlock").GetProperty("number").GetUInt32();
    }

    /// <summary>Waits until the worker's enclave has accepted block <paramref name="number"/>, so a query reflects it.</summary>
    public async Task WaitForWorkerAsync(uint number, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (await GetWorkerBlockAsync(limit.Token).ConfigureAwait(false) < number)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"worker {Worker} did not reach block #{number} within {timeout.TotalSeconds:0.#} s");
        }
    }

    public async Task<uint> GetFinalizedNumberAsync(CancellationToken cancellationToken)
    {
        var head = await _chain.GetFinalizedHeadAsync(cancellationToken).ConfigureAwait(false);
        var header = await _chain.GetHeaderAsync(head, cancellationToken).ConfigureAwait(false);
        return uint.Parse(header.GetProperty("number").GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    public void Dispose() => _sealer.Dispose();

    private static string ErrorText(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length == 0 ? "(no reason given)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512));
    }
}
