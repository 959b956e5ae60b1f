using System.Text.Json;
using Veil.Chain.Runtime;
using Veil.Core;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.EndToEnd.Tests.Infrastructure;
using Veil.Sdk;

namespace Veil.EndToEnd.Tests;

/// <summary>
/// <c>veil node --follow</c> as a separate process: it syncs a dev node's chain over RPC (verifying and
/// re-executing every block), serves the same state on its own RPC, forwards transactions upstream, and
/// after kill -9 resumes from its data directory.
/// </summary>
public sealed class FullNodeTests
{
    private static readonly string[] Names = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

    [Fact]
    public async Task FollowingNode_ReachesTheSameHeadAndBalances_ForwardsTransfers_AndResumesAfterKillDashNine()
    {
        using var upstreamData = new TempDirectory();
        using var followerData = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var upstream = await NodeProcess.StartAsync(upstreamData.Path, "--block-ms", "100");
        await using var source = await VeilClient.ConnectAsync(upstream.Url, ct);
        await TransferAsync(source, "Alice", "Bob", 10, ct);
        await TransferAsync(source, "Bob", "Charlie", 3, ct);
        await TransferAsync(source, "Charlie", "Dave", 1, ct);

        var followerPort = NodeProcess.FreePort();
        var follower = await NodeProcess.StartAsync(followerData.Path, followerPort, "--follow", upstream.Url);
        try
        {
            await using (var mirror = await VeilClient.ConnectAsync(follower.Url, ct))
            {
                var common = await WaitForSameHeadAsync(source, mirror, ct);
                await AssertSameBalancesAsync(source, mirror, common, ct);

                // Submitted to the full node, sealed upstream, reported finalized once imported here.
                var block = await TransferAsync(mirror, "Dave", "Eve", 2, ct);
                Assert.Equal(await source.GetBlockHashAsync(await NumberOfAsync(source, block, ct), ct), block);
                await AssertSameBalancesAsync(source, mirror, block, ct);

                // A transfer the upstream refuses is refused through the full node with the upstream's reason.
                using var nobody = KeyDerivation.FromUri("//NobodyWithoutFunds");
                var context = await mirror.GetSigningContextAsync(ct);
                var refused = await Assert.ThrowsAsync<Veil.Sdk.Rpc.RpcClientException>(() => mirror.SubmitAsync(VeilClient.SignTransfer(nobody, DevAccount("Bob"), 1, 0, context), ct));
                Assert.Equal(1010, refused.Code);
            }

            Assert.Contains("following ws://127.0.0.1", follower.Output, StringComparison.Ordinal);
            await follower.KillHardAsync();
            await follower.DisposeAsync();

            await TransferAsync(source, "Eve", "Ferdie", 4, ct);
            var stoppedAt = await NumberOfAsync(source, await source.GetFinalizedHeadAsync(ct), ct);
            follower = await NodeProcess.StartAsync(followerData.Path, followerPort, "--follow", upstream.Url);
            await using (var mirror = await VeilClient.ConnectAsync(follower.Url, ct))
            {
                var resumedAt = await NumberOfAsync(mirror, await mirror.GetFinalizedHeadAsync(ct), ct);
                Assert.True(resumedAt > 0, "the restarted full node began again from genesis instead of its data directory");
                var common = await WaitForSameHeadAsync(source, mirror, ct);
                Assert.True(await NumberOfAsync(mirror, common, ct) >= stoppedAt);
                await AssertSameBalancesAsync(source, mirror, common, ct);
                for (uint n = 1; n <= resumedAt; n += Math.Max(1, resumedAt / 20))
                {
                    Assert.Equal(await source.GetBlockHashAsync(n, ct), await mirror.GetBlockHashAsync(n, ct));
                }
            }

            Assert.DoesNotContain("refused a block", follower.Output, StringComparison.Ordinal);
        }
        finally
        {
            await follower.DisposeAsync();
        }
    }

    private static AccountId DevAccount(string name) => KeyDerivation.FromUri("//" + name).PublicKey;

    private static async Task<Hash256> TransferAsync(VeilClient client, string from, string to, int veil, CancellationToken ct)
    {
        using Ed25519KeyPair sender = KeyDerivation.FromUri("//" + from);
        var context = await client.GetSigningContextAsync(ct);
        var nonce = await client.GetNextNonceAsync(sender.PublicKey, ct);
        var extrinsic = VeilClient.SignTransfer(sender, DevAccount(to), ChainParameters.OneVeil * (uint)veil, nonce, context);
        return await client.SubmitAndWaitFinalizedAsync(extrinsic, null, ct);
    }

    private static async Task<uint> NumberOfAsync(VeilClient client, Hash256 hash, CancellationToken ct)
    {
        var header = await client.GetHeaderAsync(hash, ct);
        Assert.Equal(JsonValueKind.Object, header.ValueKind);
        return Convert.ToUInt32(header.GetProperty("number").GetString()![2..], 16);
    }

    // The upstream keeps sealing (every 100 ms); the follower has caught up once it holds the block the
    // upstream had finalized when we asked, with the same hash.
    private static async Task<Hash256> WaitForSameHeadAsync(VeilClient source, VeilClient mirror, CancellationToken ct)
    {
        var target = await source.GetFinalizedHeadAsync(ct);
        var number = await NumberOfAsync(source, target, ct);
        Hash256? hash;
        while ((hash = await mirror.GetBlockHashAsync(number, ct)) is null)
        {
            await Task.Delay(50, ct);
        }

        Assert.Equal(target, hash);
        return target;
    }

    private static async Task AssertSameBalancesAsync(VeilClient source, VeilClient mirror, Hash256 at, CancellationToken ct)
    {
        foreach (var name in Names)
        {
            var account = DevAccount(name);
            Assert.Equal(await source.GetFreeBalanceAtAsync(account, at, ct), await mirror.GetFreeBalanceAtAsync(account, at, ct));
        }

        var header = await source.GetHeaderAsync(at, ct);
        var mirrored = await mirror.GetHeaderAsync(at, ct);
        Assert.Equal(header.GetProperty("stateRoot").GetString(), mirrored.GetProperty("stateRoot").GetString());
    }
}
