using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Protocol.Calls;
using Veil.Protocol.Confidential;
using Veil.Protocol.Registry;
using Veil.Protocol.Transactions;

namespace Veil.Worker.Tests;

/// <summary>
/// One node, a gatekeeper and a worker running a Wallet into which Bob deposited <see cref="Deposited"/>,
/// over real sockets: started once for a test class, as each start costs seconds.
/// </summary>
public sealed class WalletWorkerFixture : IAsyncLifetime
{
    public static readonly UInt128 Deposited = (ChainParameters.OneVeil * 12) + 345;

    private WorkerTestNetwork? _network;
    private WorkerHost? _worker;
    private ContractPublicKeys? _keys;

    public Ed25519KeyPair Alice { get; } = KeyDerivation.FromUri("//Alice");

    public Ed25519KeyPair Bob { get; } = KeyDerivation.FromUri("//Bob");

    public WorkerHost Worker => _worker ?? throw new InvalidOperationException("the network has not started");

    public ContractPublicKeys Keys => _keys ?? throw new InvalidOperationException("the wallet has not been deployed");

    public Hash256 GenesisHash { get; private set; }

    public HttpClient Http { get; private set; } = new();

    /// <summary>A query valid long after every block these tests wait for.</summary>
    public ulong Expiry => Worker.Status.Info.LastNumber + 10_000UL;

    public async Task InitializeAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var root = WorkerTestNetwork.CreateRoot();

        // The gatekeeper's identity must be in the spec before genesis: create and seal it first.
        var gatekeeperKey = WorkerHost.InitializeIdentity(WorkerTestNetwork.DataDirectory(root, "gatekeeper"));
        _network = await WorkerTestNetwork.StartAsync(root, [gatekeeperKey], cancel.Token);
        await _network.StartHostAsync("gatekeeper", "//Dave", WorkerRole.Gatekeeper, cancel.Token);
        _worker = await _network.StartHostAsync("worker", "//Charlie", WorkerRole.Worker, cancel.Token);
        Http = new HttpClient { BaseAddress = _worker.HttpUri, Timeout = TimeSpan.FromSeconds(10) };
        var context = await _network.Client.GetSigningContextAsync(cancel.Token);
        GenesisHash = context.GenesisHash;

        await SubmitAsync(Bob, ContractsCall.CreateDeployBuiltin(WalletContract.ContractName, [_worker.IdentityKey]), cancel.Token);
        var contracts = await _network.WaitForAsync(
            "veil_contracts",
            result => result.GetArrayLength() == 1 && result[0].GetProperty("ecdhKey").ValueKind == JsonValueKind.String,
            cancel.Token);
        _keys = new ContractPublicKeys(
            Hash256.Parse(contracts[0].GetProperty("id").GetString()!),
            contracts[0].GetProperty("epoch").GetUInt32(),
            Hash256.Parse(contracts[0].GetProperty("ecdhKey").GetString()!),
            Hash256.Parse(contracts[0].GetProperty("signingKey").GetString()!));

        var depositBlock = await SubmitAsync(Bob, ContractsCall.CreateDeposit(_keys.ContractId, Deposited), cancel.Token);

        // Commands that arrive before a worker's keys wait for them, so the deposit has run once the
        // worker is past its block and answers queries (it has the keys).
        await WaitUntilAsync(
            async token =>
            {
                if (Worker.Status.Info.LastNumber < depositBlock)
                {
                    return false;
                }

                using var pending = Seal(Bob, WalletQuery.TotalSupply.Encode());
                using var response = await PostQueryAsync(pending.Request.Encode(), token);
                return response.StatusCode == HttpStatusCode.OK;
            },
            cancel.Token);
    }

    public PendingQuery Seal(Ed25519KeyPair asker, byte[] query)
        => new QuerySealer(Keys, GenesisHash).Seal(asker, query, Expiry);

    public Task<HttpResponseMessage> PostQueryAsync(byte[] body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return Http.PostAsync(new Uri("/query", UriKind.Relative), content, cancellationToken);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        Alice.Dispose();
        Bob.Dispose();
    }

    /// <summary>Submits <paramref name="call"/> signed by <paramref name="signer"/>; returns the number of the finalized block holding it.</summary>
    private async Task<uint> SubmitAsync(Ed25519KeyPair signer, byte[] call, CancellationToken cancellationToken)
    {
        var client = _network!.Client;
        var context = await client.GetSigningContextAsync(cancellationToken);
        var nonce = await client.GetNextNonceAsync(signer.PublicKey, cancellationToken);
        var extrinsic = ExtrinsicCodec.EncodeSigned(signer.PublicKey, call, Era.Immortal, nonce, UInt128.Zero, context, context.GenesisHash, signer.Sign);
        var block = await client.SubmitAndWaitFinalizedAsync(extrinsic, null, cancellationToken);
        var header = await client.GetHeaderAsync(block, cancellationToken);
        return uint.Parse(header.GetProperty("number").GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WorkerTestNetwork.Timeout);
        while (!await condition(timeout.Token))
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
