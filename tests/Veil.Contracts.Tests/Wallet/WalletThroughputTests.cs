using System.Diagnostics;
using Veil.Contracts.Wallet;
using Veil.Core;
using Xunit.Abstractions;
using static Veil.Contracts.Tests.WalletSamples;

namespace Veil.Contracts.Tests.Wallet;

/// <summary>
/// A rough figure for the contract runtime alone (no decryption, no queue), printed, never asserted:
/// timing in a shared CI box is noise. The real benchmark belongs in bench/.
/// </summary>
public class WalletThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Handle_ReportsTransfersPerSecond_WhenRunningManyTransfers()
    {
        const int accountCount = 1_000;
        const int transferCount = 200_000;
        var wallet = NewWallet();
        var accounts = new AccountId[accountCount];
        for (var i = 0; i < accountCount; i++)
        {
            var bytes = new byte[32];
            bytes[0] = (byte)i;
            bytes[1] = (byte)(i >> 8);
            accounts[i] = new AccountId(bytes);
            wallet.Deposit(accounts[i], 1_000_000);
        }

        var commands = new byte[accountCount][];
        for (var i = 0; i < accountCount; i++)
        {
            commands[i] = WalletCommand.Transfer(accounts[(i + 1) % accountCount], 1).Encode();
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < transferCount; i++)
        {
            var from = i % accountCount;
            var outcome = wallet.Handle(commands[from], From(accounts[from]), 1);
            if (!outcome.IsSuccess)
            {
                Assert.Fail(outcome.ToString());
            }
        }

        stopwatch.Stop();
        var hashWatch = Stopwatch.StartNew();
        var hash = wallet.StateHash;
        hashWatch.Stop();

        var perSecond = transferCount / stopwatch.Elapsed.TotalSeconds;
        output.WriteLine($"{transferCount:N0} wallet transfers in {stopwatch.ElapsedMilliseconds} ms: {perSecond:N0}/s; state hash over {accountCount} accounts in {hashWatch.Elapsed.TotalMilliseconds:F2} ms ({hash})");
        Assert.Equal((UInt128)accountCount * 1_000_000, wallet.TotalSupply());
    }
}
