using System.Buffers.Binary;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto;
using Veil.Enclave.Boundary;
using Veil.Enclave.Execution;
using Veil.Enclave.LightClient;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;
using Veil.Wasm;

namespace Veil.Enclave.Tests.Execution;

/// <summary>
/// The AssemblyScript token example (sdk/assemblyscript/build/token.wasm, built by ./test.sh) deployed
/// through the enclave pipeline: the code arrives in the deployment announcement, the constructor runs
/// when the keys arrive, commands are sealed ink! input, and both workers reach the same state.
/// </summary>
public class WasmExecutionTests
{
    private static readonly UInt128 Supply = 1_000_000;

    [Fact]
    public void Token_RunsOnBothWorkers_WithIdenticalStateHashes()
    {
        using var cluster = new ExecutionCluster();
        var deployment = DeployToken(cluster);
        cluster.DeliverKeys();

        Assert.Equal(Supply, BalanceOf(cluster.First, cluster.Alice));
        var block = cluster.Deliver(Command(cluster, cluster.Alice, Transfer(cluster.Bob.PublicKey, 250)));

        foreach (var worker in new[] { cluster.First, cluster.Second })
        {
            Assert.True(worker.TryGetReceipt(ExecutionCluster.ContractId, block, 0, out var receipt));
            Assert.True(receipt.IsSuccess);
            Assert.Equal(Supply - 250, BalanceOf(worker, cluster.Alice));
            Assert.Equal((UInt128)250, BalanceOf(worker, cluster.Bob));
        }

        Assert.Equal(ExecutionCluster.Instance(cluster.First).StateHash, ExecutionCluster.Instance(cluster.Second).StateHash);
        Assert.True(cluster.First.TryGetReceipt(ExecutionCluster.ContractId, deployment.Info.DeployedAt, 0, out var constructor));
        Assert.True(constructor.IsSuccess);
    }

    [Fact]
    public void Token_RevertRollsBack_AndTheWorkersStayInStep()
    {
        using var cluster = new ExecutionCluster();
        DeployToken(cluster);
        cluster.DeliverKeys();
        var before = ExecutionCluster.Instance(cluster.First).StateHash;

        var block = cluster.Deliver(Command(cluster, cluster.Bob, Transfer(cluster.Alice.PublicKey, 1)));

        Assert.True(cluster.First.TryGetReceipt(ExecutionCluster.ContractId, block, 0, out var receipt));
        Assert.False(receipt.IsSuccess);
        Assert.Equal(before, ExecutionCluster.Instance(cluster.First).StateHash);
        Assert.Equal(before, ExecutionCluster.Instance(cluster.Second).StateHash);
    }

    [Fact]
    public void Commands_HeldBeforeTheKeys_RunAfterTheConstructor()
    {
        using var cluster = new ExecutionCluster();
        DeployToken(cluster);
        cluster.Deliver(Command(cluster, cluster.Alice, Transfer(cluster.Bob.PublicKey, 7)));
        Assert.Equal(1, cluster.First.PendingCommandCount(ExecutionCluster.ContractId));

        cluster.DeliverKeys();

        Assert.Equal((UInt128)7, BalanceOf(cluster.Second, cluster.Bob));
        Assert.Equal(ExecutionCluster.Instance(cluster.First).StateHash, ExecutionCluster.Instance(cluster.Second).StateHash);
    }

    [Fact]
    public void Deployment_IsRefused_WhenTheCodeDoesNotMatchItsHash()
    {
        using var cluster = new ExecutionCluster();
        cluster.Register();
        var code = TokenCode();
        var info = new ContractInfo(ExecutionCluster.ContractId, ContractInfo.WasmKind(Blake2b.Hash256([1, 2, 3])), cluster.Alice.PublicKey,
            [cluster.FirstIdentity.IdentityKey], 2, 0, default, default);
        var payload = new WasmDeployment(info, code, Constructor(), 0).Encode();

        cluster.Deliver(ExecutionCluster.Message(Origin.Module("Contracts"), ContractTopics.Deployed, payload));

        Assert.Empty(cluster.Gatekeeper.DrainEgress());
        Assert.Contains(cluster.Gatekeeper.Refusals, r => r.Reason.Contains("does not hash to", StringComparison.Ordinal));
        Assert.False(cluster.First.IsAwaitingKeys(ExecutionCluster.ContractId));
    }

    [Fact]
    public void Deployment_IsRefused_WhenTheCodeFailsFullValidation()
    {
        using var cluster = new ExecutionCluster();
        cluster.Register();

        // Structurally fine (header, framing) but not a module Wasmtime accepts.
        byte[] code = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0xff];
        var info = new ContractInfo(ExecutionCluster.ContractId, ContractInfo.WasmKind(Blake2b.Hash256(code)), cluster.Alice.PublicKey,
            [cluster.FirstIdentity.IdentityKey], 2, 0, default, default);
        cluster.Deliver(ExecutionCluster.Message(Origin.Module("Contracts"), ContractTopics.Deployed, new WasmDeployment(info, code, Constructor(), 0).Encode()));

        Assert.Empty(cluster.Gatekeeper.DrainEgress());
        Assert.Contains(cluster.Gatekeeper.Refusals, r => r.Reason.Contains("its code is refused", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Checkpoint_CarriesTheCode_SoARestoredWorkerStaysInStep(bool running)
    {
        using var cluster = new ExecutionCluster();
        DeployToken(cluster);
        if (running)
        {
            cluster.DeliverKeys();
            cluster.Deliver(Command(cluster, cluster.Alice, Transfer(cluster.Bob.PublicKey, 40)));
        }
        else
        {
            // Held before the keys: its block's time must survive the checkpoint.
            cluster.Deliver(Command(cluster, cluster.Alice, Transfer(cluster.Bob.PublicKey, 40)));
        }

        var start = LightClientState.AtGenesis(ExecutionCluster.Genesis, [cluster.Alice.PublicKey], 1);
        var sealedCheckpoint = EnclaveCheckpoint.Seal(cluster.Platform, cluster.FirstIdentity, WorkerRole.Worker, new ChainLightClient(start), cluster.First);
        Assert.True(EnclaveCheckpoint.TryRestore(cluster.Platform, cluster.FirstIdentity, WorkerRole.Worker, null, sealedCheckpoint, out _, out var restored, out var error), error);
        using (restored)
        {
            if (!running)
            {
                cluster.DeliverKeys(restored!, cluster.Second);
            }

            cluster.Deliver(Command(cluster, cluster.Bob, Transfer(cluster.Alice.PublicKey, 15)), restored!, cluster.Second);

            Assert.Equal(ExecutionCluster.Instance(cluster.Second).StateHash, ExecutionCluster.Instance(restored!).StateHash);
            Assert.Equal((UInt128)25, BalanceOf(restored!, cluster.Bob));
        }
    }

    internal static byte[] TokenCode()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "sdk", "assemblyscript", "build", "token.wasm");
            if (File.Exists(Path.Combine(dir.FullName, "Veil.slnx")))
            {
                Assert.True(File.Exists(path), $"{path} is missing: run 'npm ci && npm run build' in sdk/assemblyscript (./test.sh does)");
                return File.ReadAllBytes(path);
            }
        }

        throw new InvalidOperationException("no Veil.slnx above the test directory");
    }

    internal static byte[] Selector(string label) => Blake2b.Hash256(System.Text.Encoding.UTF8.GetBytes(label)).ToArray()[..4];

    internal static byte[] Constructor() => [.. Selector("new"), .. U128(Supply)];

    internal static byte[] Transfer(AccountId to, UInt128 amount) => [.. Selector("transfer"), .. to.ToArray(), .. U128(amount)];

    private static byte[] U128(UInt128 value)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return bytes;
    }

    private static WasmDeployment DeployToken(ExecutionCluster cluster)
    {
        cluster.Register();
        var code = TokenCode();
        var info = new ContractInfo(ExecutionCluster.ContractId, ContractInfo.WasmKind(Blake2b.Hash256(code)), cluster.Alice.PublicKey,
            [cluster.FirstIdentity.IdentityKey, cluster.SecondIdentity.IdentityKey], cluster.LastBlock + 1, 0, default, default);
        var deployment = new WasmDeployment(info, code, Constructor(), ExecutionCluster.TimestampOf(cluster.LastBlock + 1));
        cluster.DeployWith(ExecutionCluster.Message(Origin.Module("Contracts"), ContractTopics.Deployed, deployment.Encode()));
        return deployment;
    }

    private static QueueMessage Command(ExecutionCluster cluster, Ed25519KeyPair sender, byte[] input)
    {
        using var sealer = new CommandSealer(cluster.PublishedKeys!, ExecutionCluster.Genesis);
        var envelope = sealer.Seal(sender.PublicKey, input);
        return ExecutionCluster.Message(Origin.Account(sender.PublicKey), ContractTopics.Command(ExecutionCluster.ContractId), envelope.Encode());
    }

    private static UInt128 BalanceOf(EnclaveRuntime worker, Ed25519KeyPair owner)
    {
        var input = new WasmQuery(1, 0, [.. Selector("balance_of"), .. owner.PublicKey.ToArray()]).Encode();
        var result = ExecutionCluster.Instance(worker).Query(input, owner.PublicKey);
        Assert.True(result.IsSuccess, result.Error?.ToString());

        // Ok(Ok(u128)): two zero tags, then the amount.
        Assert.Equal(18, result.Answer.Length);
        return BinaryPrimitives.ReadUInt128LittleEndian(result.Answer.AsSpan(2));
    }
}
