using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Veil.Crypto;

namespace Veil.Chain.Consensus;

/// <summary>
/// Single-authority consensus for development: the authority seals a block on a fixed interval (empty
/// blocks included, so time visibly advances) or, in instant mode, as soon as the pool has work. Each
/// block is final when committed; its finality proof carries the authority's signature.
/// </summary>
public sealed class DevSeal : IConsensus, IDisposable
{
    private readonly ChainService _chain;
    private readonly Ed25519KeyPair _authority;
    private readonly DevSealOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _work = new(0, 1);

    public DevSeal(ChainService chain, Ed25519KeyPair authority, DevSealOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        var known = false;
        foreach (var account in chain.Spec.Authorities)
        {
            known |= account == authority.PublicKey;
        }

        if (!known)
        {
            throw new ArgumentException($"{authority.PublicKey} is not an authority of chain '{chain.Spec.Id}'.", nameof(authority));
        }

        _chain = chain;
        _authority = authority;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _chain.Pool.Admitted += _ => Signal();
    }

    public string Name => "DevSeal";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_options.Instant)
                {
                    await _work.WaitAsync(cancellationToken).ConfigureAwait(false);
                    while (_chain.Pool.Count > 0 && !cancellationToken.IsCancellationRequested)
                    {
                        if (Produce(allowEmpty: false) is null) break;
                    }
                }
                else
                {
                    await Task.Delay(_options.BlockInterval, _time, cancellationToken).ConfigureAwait(false);
                    Produce(allowEmpty: true);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private FinalizedBlock? Produce(bool allowEmpty)
    {
        var block = _chain.ProduceBlock(_authority, (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds(), allowEmpty);
        if (block is not null)
        {
            _logger.LogInformation("sealed block #{Number} {Hash} with {Count} extrinsic(s) in {Ms:F1} ms", block.Block.Header.Number, block.Block.Header.Hash, block.Block.Extrinsics.Count, block.ExecutionTime.TotalMilliseconds);
        }

        return block;
    }

    public void Dispose() => _work.Dispose();

    private void Signal()
    {
        if (_work.CurrentCount == 0)
        {
            try
            {
                _work.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another submitter signalled first; one wake-up is enough.
            }
        }
    }
}
