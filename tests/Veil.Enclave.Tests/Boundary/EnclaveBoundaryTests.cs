using System.Buffers.Binary;
using System.Text;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Boundary;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.Platform;
using Veil.Enclave.Tests.Execution;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Attestation;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Tests.Boundary;

/// <summary>A gatekeeper and two workers driven only through <see cref="IEnclaveBoundary.Call"/>.</summary>
public sealed class EnclaveBoundaryTests : IDisposable
{
    private readonly SimulatedPlatform _platform = PlatformSamples.NewPlatform();
    private readonly BoundaryChain _chain = new();
    private readonly MasterKey _master;
    private readonly EnclaveIdentity _gatekeeperIdentity;
    private readonly EnclaveIdentity _firstIdentity;
    private readonly EnclaveIdentity _secondIdentity;
    private readonly EnclaveBoundary _gatekeeper;
    private readonly EnclaveBoundary _first;
    private readonly EnclaveBoundary _second;
    private readonly List<EnclaveBoundary> _extra = [];

    public EnclaveBoundaryTests()
    {
        _master = MasterKey.Generate(_platform, 1);
        _gatekeeperIdentity = EnclaveIdentity.Generate(_platform);
        _firstIdentity = EnclaveIdentity.Generate(_platform);
        _secondIdentity = EnclaveIdentity.Generate(_platform);
        _gatekeeper = EnclaveBoundary.ForGatekeeper(_platform, _gatekeeperIdentity, _chain.Start, _master);
        _first = EnclaveBoundary.ForWorker(_platform, _firstIdentity, _chain.Start);
        _second = EnclaveBoundary.ForWorker(_platform, _secondIdentity, _chain.Start);
    }

    private IEnumerable<EnclaveBoundary> All => [_gatekeeper, _first, _second];

    [Fact]
    public void ProcessBlocks_YieldsGatekeeperKeyMessages_WhenContractDeployed()
    {
        var gatekeeperOutput = Deploy();

        Assert.Single(gatekeeperOutput, m => m.Message.TopicText == ContractTopics.PublishKeys);
        Assert.Equal(2, gatekeeperOutput.Count(m => m.Message.TopicText == GatekeeperKeyMessage.Topic));
        Assert.All(gatekeeperOutput, m => Assert.Equal(Origin.Worker(_gatekeeperIdentity.IdentityKey), m.Message.Sender));
        Assert.Equal([0UL, 1UL, 2UL], gatekeeperOutput.Select(m => m.Sequence));
    }

    [Fact]
    public void ProcessBlocks_WorkersReportSameStateHash_WhenContractStateChanges()
    {
        var output = Deploy();
        var block = _chain.Append([.. KeyMessages(output), ExecutionCluster.DepositMessage(new AccountId(new byte[32]), 100)]);
        var batch = _chain.Batch(block, block);

        var first = BoundaryChain.Process(_first, batch);
        var second = BoundaryChain.Process(_second, batch);
        BoundaryChain.Process(_gatekeeper, batch);

        Assert.True(first.IsComplete, first.Error);
        var firstReport = Assert.Single(first.Egress, m => m.Message.TopicText == ContractTopics.StateReport);
        var secondReport = Assert.Single(second.Egress, m => m.Message.TopicText == ContractTopics.StateReport);
        Assert.Equal(firstReport.Message.Payload, secondReport.Message.Payload);
        Assert.Equal(Origin.Worker(_firstIdentity.IdentityKey), firstReport.Message.Sender);
        Assert.Equal(ExecutionCluster.ContractId, new Hash256(firstReport.Message.Payload.AsSpan(0, 32)));
        Assert.Equal(block, BinaryPrimitives.ReadUInt32LittleEndian(firstReport.Message.Payload.AsSpan(32)));

        // A block that changes nothing produces no report.
        var quiet = _chain.Append();
        Assert.Empty(BoundaryChain.Process(_first, _chain.Batch(quiet, quiet)).Egress);
    }

    [Fact]
    public void ProcessBlocks_ReportsAKeyedCommitment_WhenTheBlocksOnlyCommandFails_AndKeepsTheReasonPrivate()
    {
        var output = Deploy();
        var published = Assert.Single(output, m => m.Message.TopicText == ContractTopics.PublishKeys).Message;
        Assert.True(ContractPublicKeys.TryDecode(published.Payload, out var keys, out var error), error);
        using var alice = Ed25519KeyPair.Generate();
        using var bob = Ed25519KeyPair.Generate();
        var funded = _chain.Append([.. KeyMessages(output), ExecutionCluster.DepositMessage(alice.PublicKey, 100)]);
        var fundedReport = Reports(BoundaryChain.Process(_first, _chain.Batch(funded, funded))).Single();
        BoundaryChain.Process(_second, _chain.Batch(funded, funded));

        // Alice tries to send more than she has: the state does not change, yet the block is reported.
        using var sealer = new CommandSealer(keys, BoundaryChain.Genesis);
        var envelope = sealer.Seal(alice.PublicKey, WalletCommand.Transfer(bob.PublicKey, 1_000).Encode()).Encode();
        var failing = _chain.Append(new QueueMessage(Origin.Account(alice.PublicKey), Encoding.UTF8.GetBytes(ContractTopics.Command(keys.ContractId)), envelope));
        var first = BoundaryChain.Process(_first, _chain.Batch(failing, failing));
        var second = BoundaryChain.Process(_second, _chain.Batch(failing, failing));

        var report = Assert.Single(Reports(first));
        Assert.Equal(report, Assert.Single(Reports(second)));
        Assert.Equal(failing, BinaryPrimitives.ReadUInt32LittleEndian(report.AsSpan(32)));
        Assert.NotEqual(fundedReport.AsSpan(36).ToArray(), report.AsSpan(36).ToArray());

        // The host sees that a command failed, never why (the reason is in Alice's private receipt).
        var refusal = Assert.Single(first.Refusals);
        Assert.Contains("private receipt", refusal.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("nsufficient", refusal.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Restore_ContinuesToSameStateAsUninterruptedWorker_WhenRestartedFromCheckpoint()
    {
        var output = Deploy();
        var keysBlock = _chain.Append([.. KeyMessages(output), ExecutionCluster.DepositMessage(new AccountId(new byte[32]), 100)]);
        Feed(keysBlock, keysBlock);
        var checkpoint = BoundaryChain.Call(_second, BoundaryRequest.Checkpoint());
        Assert.Equal(BoundaryResponseKind.Checkpoint, checkpoint.Kind);
        Assert.Equal(keysBlock, checkpoint.Info!.LastNumber);

        var from = _chain.Append(ExecutionCluster.DepositMessage(new AccountId(Enumerable.Repeat((byte)1, 32).ToArray()), 50));
        _chain.Append();
        var to = _chain.Append(ExecutionCluster.DepositMessage(new AccountId(new byte[32]), 7));
        var later = _chain.Batch(from, to);
        var uninterrupted = BoundaryChain.Process(_first, later);
        var secondUninterrupted = BoundaryChain.Process(_second, later);

        // A restarted enclave: same identity (unsealed again), a fresh boundary, then the checkpoint.
        var restarted = NewWorker(_secondIdentity);
        var restored = BoundaryChain.Call(restarted, BoundaryRequest.Restore(checkpoint.Bytes));
        Assert.Equal(BoundaryResponseKind.Restored, restored.Kind);
        Assert.Equal(checkpoint.Info, restored.Info);
        var replayed = BoundaryChain.Process(restarted, later);

        Assert.True(replayed.IsComplete, replayed.Error);
        Assert.Equal(Reports(uninterrupted), Reports(replayed));
        Assert.Equal(2, Reports(replayed).Count);
        Assert.Equal(secondUninterrupted.Egress.Select(m => m.Encode()), replayed.Egress.Select(m => m.Encode()));
        Assert.Equal(
            BoundaryChain.Call(_second, BoundaryRequest.GetInfo()).Info,
            BoundaryChain.Call(restarted, BoundaryRequest.GetInfo()).Info);
    }

    [Fact]
    public void Restore_KeepsAJoinedWorkerWaitingForItsSnapshot_AndItCatchesUpAfterwards()
    {
        var output = Deploy();
        using var thirdIdentity = EnclaveIdentity.Generate(_platform);
        var third = NewWorker(thirdIdentity);
        var funded = _chain.Append([.. KeyMessages(output), ExecutionCluster.DepositMessage(new AccountId(new byte[32]), 100)]);
        var info = new ContractInfo(ExecutionCluster.ContractId, WalletContract.ContractName, new AccountId(new byte[32]), [_firstIdentity.IdentityKey, _secondIdentity.IdentityKey, thirdIdentity.IdentityKey], 2, 0, default, default);
        var join = _chain.Append(
            ExecutionCluster.RegistryEvent(thirdIdentity, WorkerRole.Worker),
            ExecutionCluster.Message(Origin.Module("Contracts"), ContractTopics.Joined, [.. info.Encode(), .. thirdIdentity.IdentityKey.ToArray()]));
        var atJoin = Feed(funded, join);
        var snapshot = Assert.Single(atJoin[1].Egress, m => m.Message.TopicText == ContractTopics.Snapshot(ExecutionCluster.ContractId));
        var keyMessage = Assert.Single(atJoin[0].Egress, m => m.Message.TopicText == GatekeeperKeyMessage.Topic);

        // The snapshot arrives first and is held; the worker restarts from a checkpoint before its keys come.
        var held = _chain.Append(snapshot.Message);
        Feed(held, held);
        Assert.True(BoundaryChain.Process(third, _chain.Batch(1, held)).IsComplete);
        var checkpoint = BoundaryChain.Call(third, BoundaryRequest.Checkpoint());
        Assert.Equal(BoundaryResponseKind.Checkpoint, checkpoint.Kind);
        var restarted = NewWorker(thirdIdentity);
        Assert.Equal(BoundaryResponseKind.Restored, BoundaryChain.Call(restarted, BoundaryRequest.Restore(checkpoint.Bytes)).Kind);

        var keys = _chain.Append(keyMessage.Message, ExecutionCluster.DepositMessage(new AccountId(new byte[32]), 7));
        var reports = Reports(BoundaryChain.Process(restarted, _chain.Batch(keys, keys)));

        Assert.Equal(Reports(Feed(keys, keys)[1]), reports);
        Assert.Single(reports);
    }

    [Fact]
    public void Restore_ReturnsErrorAndKeepsState_WhenCheckpointTampered()
    {
        var output = Deploy();
        var block = _chain.Append([.. KeyMessages(output), ExecutionCluster.DepositMessage(new AccountId(new byte[32]), 100)]);
        Feed(block, block);
        var blob = BoundaryChain.Call(_first, BoundaryRequest.Checkpoint()).Bytes;
        var next = _chain.Append();
        BoundaryChain.Process(_first, _chain.Batch(next, next));
        var before = BoundaryChain.Call(_first, BoundaryRequest.GetInfo()).Info;
        blob[blob.Length / 2] ^= 0x01;

        var response = BoundaryChain.Call(_first, BoundaryRequest.Restore(blob));

        Assert.True(response.IsError);
        Assert.Contains("checkpoint refused", response.Error, StringComparison.Ordinal);
        Assert.Equal(before, BoundaryChain.Call(_first, BoundaryRequest.GetInfo()).Info);
        var after = _chain.Append(ExecutionCluster.DepositMessage(new AccountId(new byte[32]), 1));
        var processed = BoundaryChain.Process(_first, _chain.Batch(after, after));
        Assert.True(processed.IsComplete, processed.Error);
        Assert.Single(Reports(processed));
    }

    [Fact]
    public void Restore_ReturnsError_WhenCheckpointBelongsToAnotherEnclave()
    {
        Deploy();
        var blob = BoundaryChain.Call(_first, BoundaryRequest.Checkpoint()).Bytes;
        var foreignPlatform = PlatformSamples.NewPlatform(PlatformSamples.OtherSecret);
        using var foreign = EnclaveBoundary.ForWorker(foreignPlatform, _firstIdentity, _chain.Start);

        var otherEnclave = BoundaryChain.Call(_second, BoundaryRequest.Restore(blob));
        var otherPlatform = BoundaryChain.Call(foreign, BoundaryRequest.Restore(blob));

        Assert.True(otherEnclave.IsError);
        Assert.Contains(_firstIdentity.IdentityKey.ToString(), otherEnclave.Error, StringComparison.Ordinal);
        Assert.True(otherPlatform.IsError);
        Assert.Equal(0u, BoundaryChain.Call(foreign, BoundaryRequest.GetInfo()).Info!.LastNumber);
        foreignPlatform.Dispose();
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0x00, 0x00 })]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x02, 0xfd, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x04 })]
    public void Call_ReturnsErrorResponse_WhenRequestIsGarbage(byte[] request)
    {
        Assert.True(BoundaryResponse.TryDecode(_first.Call(request), out var response, out var error), error);

        Assert.True(response.IsError);
        Assert.NotEmpty(response.Error);
    }

    [Fact]
    public void ProcessBlocks_ReturnsErrorAndAcceptsNothing_WhenBatchIsGarbageOrReplayed()
    {
        var block = _chain.Append(ExecutionCluster.RegistryEvent(_firstIdentity, WorkerRole.Worker));
        Assert.True(BoundaryChain.Process(_first, _chain.Batch(block, block)).IsComplete);

        var garbage = BoundaryChain.Process(_first, [0x04, 0x01, 0x02]);
        var replayed = BoundaryChain.Process(_first, _chain.Batch(block, block));

        Assert.Equal(0, garbage.Accepted);
        Assert.NotEmpty(garbage.Error);
        Assert.Equal(0, replayed.Accepted);
        Assert.Equal(1, replayed.Offered);
        Assert.Contains("stale", replayed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void GetInfo_ReturnsKeysAndLastBlock_WhenBlocksProcessed()
    {
        var block = _chain.Append();
        BoundaryChain.Process(_gatekeeper, _chain.Batch(block, block));

        var info = BoundaryChain.Call(_gatekeeper, BoundaryRequest.GetInfo()).Info!;

        Assert.Equal(_gatekeeperIdentity.IdentityKey, info.IdentityKey);
        Assert.Equal(_gatekeeperIdentity.EcdhKey, info.EcdhKey);
        Assert.Equal(PlatformSamples.Measurement, info.Measurement);
        Assert.Equal(WorkerRole.Gatekeeper, info.Role);
        Assert.Equal(BoundaryChain.Genesis, info.GenesisHash);
        Assert.Equal(block, info.LastNumber);
    }

    [Fact]
    public void CreateEvidence_ReturnsEvidenceBoundToIdentity_WhenAsked()
    {
        var operatorAccount = new AccountId(Enumerable.Repeat((byte)0x0b, 32).ToArray());

        var response = BoundaryChain.Call(_first, BoundaryRequest.CreateEvidence(operatorAccount, 1_767_225_600_000));

        Assert.Equal(BoundaryResponseKind.Evidence, response.Kind);
        Assert.True(AttestationEvidence.TryDecode(response.Bytes, out var evidence, out var error), error);
        Assert.Equal(_firstIdentity.ReportDataFor(BoundaryChain.Genesis, operatorAccount), evidence.ReportData);
        Assert.Equal(1_767_225_600_000UL, evidence.Timestamp);
    }

    [Fact]
    public void TryDecode_RoundTripsRequests_WhenEncoded()
    {
        BoundaryRequest[] requests =
        [
            BoundaryRequest.GetInfo(),
            BoundaryRequest.CreateEvidence(new AccountId(new byte[32]), 5),
            BoundaryRequest.Checkpoint(),
        ];
        foreach (var request in requests)
        {
            Assert.True(BoundaryRequest.TryDecode(request.Encode(), out var decoded, out var error), error);
            Assert.Equal(request.Encode(), decoded.Encode());
        }

        Assert.True(BoundaryRequest.TryDecode(BoundaryRequest.Restore([1, 2, 3]).Encode(), out var restore, out _));
        Assert.Equal([1, 2, 3], restore.Data);
    }

    public void Dispose()
    {
        foreach (var boundary in All.Concat(_extra))
        {
            boundary.Dispose();
        }

        _master.Dispose();
        _gatekeeperIdentity.Dispose();
        _firstIdentity.Dispose();
        _secondIdentity.Dispose();
        _chain.Dispose();
        _platform.Dispose();
    }

    private static List<byte[]> Reports(BlocksProcessed processed)
        => processed.Egress.Where(m => m.Message.TopicText == ContractTopics.StateReport).Select(m => m.Message.Payload).ToList();

    private static QueueMessage[] KeyMessages(IEnumerable<SignedMessage> output)
        => output.Where(m => m.Message.TopicText == GatekeeperKeyMessage.Topic).Select(m => m.Message).ToArray();

    private EnclaveBoundary NewWorker(EnclaveIdentity identity)
    {
        var boundary = EnclaveBoundary.ForWorker(_platform, identity, _chain.Start);
        _extra.Add(boundary);
        return boundary;
    }

    /// <summary>Registers all three enclaves (block 1) and deploys the Wallet to both workers (block 2).</summary>
    private List<SignedMessage> Deploy()
    {
        _chain.Append(
            ExecutionCluster.RegistryEvent(_gatekeeperIdentity, WorkerRole.Gatekeeper),
            ExecutionCluster.RegistryEvent(_firstIdentity, WorkerRole.Worker),
            ExecutionCluster.RegistryEvent(_secondIdentity, WorkerRole.Worker));
        _chain.Append(ExecutionCluster.Deployment(_firstIdentity.IdentityKey, _secondIdentity.IdentityKey));
        var results = Feed(1, 2);
        Assert.All(results, r => Assert.True(r.IsComplete, r.Error));
        Assert.All(results.Skip(1), r => Assert.Empty(r.Egress));
        return [.. results[0].Egress];
    }

    private List<BlocksProcessed> Feed(uint first, uint last)
    {
        var batch = _chain.Batch(first, last);
        return All.Select(boundary => BoundaryChain.Process(boundary, batch)).ToList();
    }
}
