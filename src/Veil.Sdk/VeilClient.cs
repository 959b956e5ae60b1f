using System.Globalization;
using System.Text.Json;
using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Blocks;
using Veil.Protocol.Calls;
using Veil.Protocol.Storage;
using Veil.Protocol.Transactions;
using Veil.Sdk.Rpc;

namespace Veil.Sdk;

/// <summary>A typed client of a Veil node's JSON-RPC API: what the CLI, tests and apps use.</summary>
public sealed class VeilClient : IAsyncDisposable
{
    public const string DefaultUrl = "ws://127.0.0.1:9944";

    private SigningContext? _context;

    private VeilClient(VeilRpcClient rpc) => Rpc = rpc;

    public VeilRpcClient Rpc { get; }

    public static async Task<VeilClient> ConnectAsync(string url, CancellationToken cancellationToken)
        => new(await VeilRpcClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false));

    public async Task<SigningContext> GetSigningContextAsync(CancellationToken cancellationToken)
    {
        if (_context is { } cached) return cached;
        var genesis = await Rpc.CallAsync("chain_getBlockHash", [0], cancellationToken).ConfigureAwait(false);
        var version = await Rpc.CallAsync("state_getRuntimeVersion", [], cancellationToken).ConfigureAwait(false);
        var context = new SigningContext(version.GetProperty("specVersion").GetUInt32(), version.GetProperty("transactionVersion").GetUInt32(), Hash256.Parse(genesis.GetString()!));
        _context = context;
        return context;
    }

    public async Task<AccountBalance> GetBalanceAsync(AccountId account, CancellationToken cancellationToken)
    {
        var info = await Rpc.CallAsync("veil_accountInfo", [account.ToSs58()], cancellationToken).ConfigureAwait(false);
        return new AccountBalance(
            account,
            UInt128.Parse(info.GetProperty("free").GetString()!, CultureInfo.InvariantCulture),
            UInt128.Parse(info.GetProperty("reserved").GetString()!, CultureInfo.InvariantCulture),
            info.GetProperty("nonce").GetUInt32());
    }

    /// <summary>
    /// <paramref name="account"/>'s public free balance in the state of block <paramref name="blockHash"/>,
    /// decoded from raw storage (0 for an account that does not exist there).
    /// </summary>
    public async Task<UInt128> GetFreeBalanceAtAsync(AccountId account, Hash256 blockHash, CancellationToken cancellationToken)
    {
        var stored = await Rpc.CallAsync("state_getStorage", [Hex.Encode(StorageKey.SystemAccount(account)), blockHash.ToString()], cancellationToken).ConfigureAwait(false);
        if (stored.ValueKind != JsonValueKind.String)
        {
            return 0;
        }

        return Veil.Protocol.Accounts.AccountInfo.TryDecode(Hex.Decode(stored.GetString()!), out var info, out var error)
            ? info.Free
            : throw new InvalidDataException($"the node returned an undecodable account record for {account.ToSs58()}: {error}");
    }

    /// <summary>The next nonce to use, counting the sender's transactions still in the pool.</summary>
    public async Task<uint> GetNextNonceAsync(AccountId account, CancellationToken cancellationToken)
    {
        var result = await Rpc.CallAsync("system_accountNextIndex", [account.ToSs58()], cancellationToken).ConfigureAwait(false);
        return result.GetUInt32();
    }

    /// <summary>Signs an immortal balance transfer.</summary>
    public static byte[] SignTransfer(Ed25519KeyPair from, AccountId to, UInt128 amount, uint nonce, in SigningContext context, bool keepAlive = false, UInt128 tip = default)
    {
        var call = BalancesCall.Transfer(to, amount, keepAlive);
        return ExtrinsicCodec.EncodeSigned(from.PublicKey, call, Era.Immortal, nonce, tip, context, context.GenesisHash, from.Sign);
    }

    public async Task<Hash256> SubmitAsync(byte[] extrinsic, CancellationToken cancellationToken)
    {
        var result = await Rpc.CallAsync("author_submitExtrinsic", [Hex.Encode(extrinsic)], cancellationToken).ConfigureAwait(false);
        return Hash256.Parse(result.GetString()!);
    }

    /// <summary>
    /// Submits and waits until the transaction is in a finalized block; returns that block's hash.
    /// <paramref name="onStatus"/> sees each status (ready, inBlock, finalized).
    /// </summary>
    public async Task<Hash256> SubmitAndWaitFinalizedAsync(byte[] extrinsic, Action<string>? onStatus, CancellationToken cancellationToken)
    {
        var subscription = await Rpc.SubscribeAsync("author_submitAndWatchExtrinsic", [Hex.Encode(extrinsic)], "author_unwatchExtrinsic", cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            while (true)
            {
                var status = await subscription.NextAsync(cancellationToken).ConfigureAwait(false);
                if (status.ValueKind == JsonValueKind.String)
                {
                    var text = status.GetString()!;
                    onStatus?.Invoke(text);
                    if (text is "dropped" or "invalid" or "usurped")
                    {
                        throw new RpcClientException(1010, $"the transaction was {text} before it reached a block");
                    }

                    continue;
                }

                if (status.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in status.EnumerateObject())
                    {
                        onStatus?.Invoke(property.Name);
                        if (property.Name == "finalized")
                        {
                            return Hash256.Parse(property.Value.GetString()!);
                        }

                        if (property.Name is "dropped" or "invalid")
                        {
                            throw new RpcClientException(1010, $"the transaction was dropped: {property.Value}");
                        }
                    }
                }
            }
        }
    }

    public async Task<JsonElement> GetHeaderAsync(Hash256? hash, CancellationToken cancellationToken)
        => await Rpc.CallAsync("chain_getHeader", hash is null ? [] : [hash.Value.ToString()], cancellationToken).ConfigureAwait(false);

    public async Task<Hash256?> GetBlockHashAsync(uint number, CancellationToken cancellationToken)
    {
        var result = await Rpc.CallAsync("chain_getBlockHash", [number], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.String ? Hash256.Parse(result.GetString()!) : null;
    }

    public async Task<JsonElement> GetBlockAsync(Hash256 hash, CancellationToken cancellationToken)
        => await Rpc.CallAsync("chain_getBlock", [hash.ToString()], cancellationToken).ConfigureAwait(false);

    public async Task<Hash256> GetFinalizedHeadAsync(CancellationToken cancellationToken)
        => Hash256.Parse((await Rpc.CallAsync("chain_getFinalizedHead", [], cancellationToken).ConfigureAwait(false)).GetString()!);

    public ValueTask DisposeAsync() => Rpc.DisposeAsync();

    /// <summary>Decodes a block returned by chain_getBlock into its header and extrinsics.</summary>
    public static (BlockHeader Header, List<Extrinsic> Extrinsics) DecodeBlock(JsonElement block)
    {
        var extrinsics = new List<Extrinsic>();
        foreach (var hex in block.GetProperty("block").GetProperty("extrinsics").EnumerateArray())
        {
            if (ExtrinsicCodec.TryDecode(Hex.Decode(hex.GetString()!), out var extrinsic, out var error))
            {
                extrinsics.Add(extrinsic);
            }
            else
            {
                throw new InvalidDataException($"node returned an undecodable extrinsic: {error}");
            }
        }

        var h = block.GetProperty("block").GetProperty("header");
        var header = new BlockHeader(
            Hash256.Parse(h.GetProperty("parentHash").GetString()!),
            uint.Parse(h.GetProperty("number").GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            Hash256.Parse(h.GetProperty("stateRoot").GetString()!),
            Hash256.Parse(h.GetProperty("extrinsicsRoot").GetString()!),
            Hash256.Parse(h.GetProperty("messagesRoot").GetString()!),
            h.GetProperty("timestamp").GetUInt64(),
            Ss58.TryDecode(h.GetProperty("author").GetString(), out var author, out _, out _) ? author : default);
        return (header, extrinsics);
    }
}
