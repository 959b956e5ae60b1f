using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Enclave.Boundary;
using Veil.Enclave.Keys;
using Veil.Enclave.LightClient;
using Veil.Enclave.Platform;
using Veil.Protocol.Attestation;
using Veil.Protocol.Registry;
using Veil.Sdk;

namespace Veil.Worker;

/// <summary>
/// A worker (or gatekeeper) host (DESIGN §1, §5): opens the simulated enclave platform in its data
/// directory, loads or creates the sealed keys, registers the enclave on chain, then relays finalized
/// blocks into the enclave in batches and the enclave's signed egress back to the chain, and serves
/// /info, /health and /metrics on 127.0.0.1. Untrusted by design: it only moves bytes; the enclave checks
/// every block and the chain checks every message. It talks to the enclave only through
/// <see cref="IEnclaveBoundary.Call"/> (via <see cref="EnclaveChannel"/>).
/// </summary>
public sealed partial class WorkerHost : IAsyncDisposable
{
    private readonly WorkerHostOptions _options;
    private readonly ILogger _logger;
    private readonly Ed25519KeyPair _attestationRoot;
    private readonly SimulatedPlatform _platform;
    private readonly EnclaveIdentity _identity;
    private readonly MasterKey? _masterKey;
    private readonly EnclaveBoundary _boundary;
    private readonly EnclaveChannel _enclave;
    private readonly VeilClient _client;
    private readonly NodeBlockSource _blocks;
    private readonly Ed25519KeyPair _operator;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _http;
    private Task _relayLoop = Task.CompletedTask;
    private int _disposed;

    private WorkerHost(WorkerHostOptions options, ILogger logger, Ed25519KeyPair attestationRoot, SimulatedPlatform platform, EnclaveIdentity identity, MasterKey? masterKey, EnclaveBoundary boundary, VeilClient client, Ed25519KeyPair operatorKey)
    {
        _options = options;
        _logger = logger;
        _attestationRoot = attestationRoot;
        _platform = platform;
        _identity = identity;
        _masterKey = masterKey;
        _boundary = boundary;
        _enclave = new EnclaveChannel(boundary);
        _client = client;
        _blocks = new NodeBlockSource(client.Rpc);
        _operator = operatorKey;
        Status = new WorkerStatus(_enclave.GetInfo());
    }

    public WorkerStatus Status { get; }

    public Hash256 IdentityKey => Status.Info.IdentityKey;

    public WorkerRole Role => Status.Info.Role;

    public AccountId Operator => _operator.PublicKey;

    /// <summary>Where /info, /health and /metrics are served.</summary>
    public Uri HttpUri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// Loads or creates the sealed identity in <paramref name="dataDirectory"/> and returns its public key,
    /// without starting anything: a dev chain spec names its gatekeepers' identity keys before genesis.
    /// </summary>
    public static Hash256 InitializeIdentity(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        using var root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
        using var platform = SimulatedPlatform.Open(dataDirectory, root);
        using var identity = SealedKeyFiles.LoadOrCreateIdentity(platform, dataDirectory);
        return identity.IdentityKey;
    }

    /// <summary>Starts a host: keys, enclave, HTTP, on-chain registration (awaited), then the relay loop in the background.</summary>
    /// <exception cref="ArgumentException">The options are invalid (e.g. a bad operator URI).</exception>
    /// <exception cref="InvalidOperationException">The sealed keys are refused, or registration failed.</exception>
    public static async Task<WorkerHost> StartAsync(WorkerHostOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentException.ThrowIfNullOrEmpty(options.DataDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(options.HttpPort);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBlocksPerBatch);
        if (!KeyDerivation.TryFromUri(options.OperatorUri, out var operatorKey, out var keyError))
        {
            throw new ArgumentException($"operator key: {keyError}", nameof(options));
        }

        var logger = loggers.CreateLogger("veil.worker");
        Directory.CreateDirectory(options.DataDirectory);
        // Everything acquired before the host object exists, released in reverse if a later step fails.
        var acquired = new Stack<IDisposable>();
        acquired.Push(operatorKey);
        VeilClient? client = null;
        try
        {
            var root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
            acquired.Push(root);
            var platform = SimulatedPlatform.Open(options.DataDirectory, root);
            acquired.Push(platform);
            var identity = SealedKeyFiles.LoadOrCreateIdentity(platform, options.DataDirectory);
            acquired.Push(identity);
            MasterKey? masterKey = null;
            if (options.Role == WorkerRole.Gatekeeper)
            {
                masterKey = SealedKeyFiles.LoadOrCreateMasterKey(platform, options.DataDirectory);
                acquired.Push(masterKey);
            }

            client = await VeilClient.ConnectAsync(options.NodeUrl, cancellationToken).ConfigureAwait(false);
            var start = await ReadTrustAsync(new NodeBlockSource(client.Rpc), options, cancellationToken).ConfigureAwait(false);
            var boundary = masterKey is null
                ? EnclaveBoundary.ForWorker(platform, identity, start)
                : EnclaveBoundary.ForGatekeeper(platform, identity, start, masterKey);
            acquired.Push(boundary);
            var host = new WorkerHost(options, logger, root, platform, identity, masterKey, boundary, client, operatorKey);
            acquired.Clear();
            try
            {
                logger.LogInformation("{Role} enclave {Identity} (measurement {Measurement}) following genesis {Genesis}", host.Role, host.IdentityKey, host.Status.Info.Measurement, start.GenesisHash);
                host.RestoreCheckpoint();
                await host.StartHttpAsync(cancellationToken).ConfigureAwait(false);
                await host.RegisterAsync(cancellationToken).ConfigureAwait(false);
                host._relayLoop = Task.Run(() => host.RunRelayLoopAsync(host._stopping.Token), CancellationToken.None);
                return host;
            }
            catch
            {
                await host.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            if (acquired.Count > 0 && client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            while (acquired.TryPop(out var item))
            {
                item.Dispose();
            }

            throw;
        }
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> fires or the relay loop ends (the node went away).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellationToken), _relayLoop).ConfigureAwait(false);
        if (_relayLoop.IsFaulted)
        {
            await _relayLoop.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _relayLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "the relay loop stopped with an error");
        }

        if (_http is not null)
        {
            await _http.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _http.DisposeAsync().ConfigureAwait(false);
        }

        await _client.DisposeAsync().ConfigureAwait(false);
        _boundary.Dispose();
        _masterKey?.Dispose();
        _identity.Dispose();
        _platform.Dispose();
        _attestationRoot.Dispose();
        _operator.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Restores the enclave from the data directory's sealed checkpoint, if any, so the relay loop resumes
    /// after the checkpoint's block. The host cannot judge the file; the enclave can: a refused checkpoint
    /// (tampered, other platform or build, other chain) is logged and ignored, and the enclave replays from genesis.
    /// </summary>
    private void RestoreCheckpoint()
    {
        byte[]? sealedCheckpoint;
        try
        {
            sealedCheckpoint = SealedKeyFiles.ReadCheckpoint(_options.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("ignoring unreadable checkpoint {File}, replaying from genesis: {Error}", SealedKeyFiles.CheckpointFileName, ex.Message);
            return;
        }

        if (sealedCheckpoint is null)
        {
            return;
        }

        if (!_enclave.TryRestore(sealedCheckpoint, out var info, out var error))
        {
            _logger.LogWarning("ignoring refused checkpoint {File}, replaying from genesis: {Error}", SealedKeyFiles.CheckpointFileName, error);
            return;
        }

        Status.Update(info);
        Status.SetCheckpointBlock(info.LastNumber);
        _logger.LogInformation("restored checkpoint at block #{Number}", info.LastNumber);
    }

    /// <summary>
    /// The light client's starting trust: the genesis hash from the node, and the authorities from the
    /// options or, failing that, the signers of block #1's finality proof (trust on first use; see
    /// <see cref="WorkerHostOptions.Authorities"/>).
    /// </summary>
    private static async Task<LightClientState> ReadTrustAsync(NodeBlockSource blocks, WorkerHostOptions options, CancellationToken cancellationToken)
    {
        var genesis = await blocks.GetBlockHashAsync(0, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the node has no genesis block");
        var authorities = options.Authorities;
        if (authorities is null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RegistrationTimeout);
            var first = await blocks.GetBundleAsync(1, timeout.Token).ConfigureAwait(false);
            while (first is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token).ConfigureAwait(false);
                first = await blocks.GetBundleAsync(1, timeout.Token).ConfigureAwait(false);
            }

            var signers = new List<AccountId>();
            foreach (var signature in first.Proof.Signatures)
            {
                if (!signers.Contains(signature.Authority))
                {
                    signers.Add(signature.Authority);
                }
            }

            authorities = signers;
        }

        return LightClientState.AtGenesis(genesis, authorities, options.FinalityThreshold ?? authorities.Count);
    }
}
