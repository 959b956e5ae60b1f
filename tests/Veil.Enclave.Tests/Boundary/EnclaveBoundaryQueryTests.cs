using CsCheck;
using Veil.Contracts.Runtime;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Boundary;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.Platform;
using Veil.Enclave.Tests.Execution;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Tests.Boundary;

/// <summary>
/// Sealed queries (DESIGN §5) through <see cref="IEnclaveBoundary.Call"/> only: a gatekeeper and two
/// workers running the Wallet, funded by deposits and an encrypted transfer on a hand-authored chain.
/// </summary>
public sealed class EnclaveBoundaryQueryTests : IDisposable
{
    private const ulong FarExpiry = 1_000;
    private static readonly Hash256 OtherGenesis = new(Enumerable.Repeat((byte)0xd4, 32).ToArray());

    private readonly SimulatedPlatform _platform = PlatformSamples.NewPlatform();
    private readonly BoundaryChain _chain = new();
    private readonly MasterKey _master;
    private readonly EnclaveIdentity _gatekeeperIdentity;
    private readonly EnclaveIdentity _firstIdentity;
    private readonly EnclaveIdentity _secondIdentity;
    private readonly EnclaveBoundary _gatekeeper;
    private readonly EnclaveBoundary _first;
    private readonly EnclaveBoundary _second;
    private readonly Ed25519KeyPair _alice = new(Enumerable.Repeat((byte)0x41, 32).ToArray());
    private readonly Ed25519KeyPair _bob = new(Enumerable.Repeat((byte)0x42, 32).ToArray());
    private ContractPublicKeys? _keys;
    private QueueMessage[] _keyMessages = [];

    public EnclaveBoundaryQueryTests()
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

    private ContractPublicKeys Keys => _keys ?? throw new InvalidOperationException("Deploy first.");

    [Theory]
    [InlineData(0x41, 75)]
    [InlineData(0x42, 65)]
    public void Query_AnswersOwnBalanceExactly_AfterDepositsAndTransfer(byte who, ulong expected)
    {
        Fund();
        var asker = who == 0x41 ? _alice : _bob;

        foreach (var worker in new[] { _first, _second })
        {
            var answer = AskAndOpen(worker, asker, WalletQuery.Balance(asker.PublicKey).Encode());

            Assert.True(answer.IsSuccess, answer.Error?.ToString());
            Assert.True(WalletQuery.TryDecodeAmount(answer.Answer, out var amount));
            Assert.Equal((UInt128)expected, amount);
        }
    }

    [Fact]
    public void Query_AnswerCarriesTheBlockItReflects_InsideTheEncryption()
    {
        Fund();
        var info = BoundaryChain.Call(_first, BoundaryRequest.GetInfo()).Info!;
        using var pending = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);

        Assert.True(pending.TryOpenResponse(Ask(_first, pending).Bytes, out var plaintext, out var error), error);
        Assert.True(QueryAnswer.TryDecode(plaintext, out var answer, out error), error);
        Assert.Equal(info.LastNumber, answer.BlockNumber);
        Assert.Equal(info.LastHash, answer.BlockHash);

        // One more block: the next answer says so.
        var next = _chain.Append();
        BoundaryChain.Process(_first, _chain.Batch(next, next));
        using var later = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);
        Assert.True(later.TryOpenResponse(Ask(_first, later).Bytes, out plaintext, out error), error);
        Assert.True(QueryAnswer.TryDecode(plaintext, out answer, out error), error);
        Assert.Equal(next, answer.BlockNumber);
    }

    [Fact]
    public void Receipt_IsReadableByTheCommandsSenderOnly_AndSaysWhyACommandFailed()
    {
        var transferBlock = Fund();

        // Alice's successful transfer: her receipt, not Bob's (he is only the recipient).
        Assert.True(ReadReceipt(_first, _alice, transferBlock, 0).IsSuccess);
        Assert.Equal(ContractErrorKind.NotAuthorized, ReadReceipt(_first, _bob, transferBlock, 0).Error!.Value.Kind);
        Assert.Equal(ContractErrorKind.UnknownCommand, ReadReceipt(_first, _alice, transferBlock, 5).Error!.Value.Kind);

        // A transfer beyond Alice's balance fails: the reason reaches her, sealed, and nobody else.
        using var sealer = new CommandSealer(Keys, BoundaryChain.Genesis);
        var tooMuch = sealer.Seal(_alice.PublicKey, WalletCommand.Transfer(_bob.PublicKey, 1_000).Encode());
        var failing = _chain.Append(ExecutionCluster.Message(Origin.Account(_alice.PublicKey), ContractTopics.Command(Keys.ContractId), tooMuch.Encode()));
        Feed(failing, failing);
        var receipt = ReadReceipt(_second, _alice, failing, 0);
        Assert.Equal(ContractErrorKind.InsufficientBalance, receipt.Error!.Value.Kind);
        Assert.Equal(ContractErrorKind.NotAuthorized, ReadReceipt(_second, _bob, failing, 0).Error!.Value.Kind);

        // A malformed receipt request is a sealed refusal too.
        using var malformed = Seal(_alice, [1, 2, 3], FarExpiry);
        var response = BoundaryChain.Call(_first, BoundaryRequest.Receipt(malformed.Request.Encode()));
        Assert.Equal(ContractErrorKind.Malformed, Open(malformed, response).Error!.Value.Kind);
    }

    [Fact]
    public void Query_AnswersZero_ForAnAccountThatNeverHeldAnything()
    {
        Fund();
        using var carol = new Ed25519KeyPair(Enumerable.Repeat((byte)0x43, 32).ToArray());

        var answer = AskAndOpen(_first, carol, WalletQuery.Balance(carol.PublicKey).Encode());

        Assert.True(answer.IsSuccess, answer.Error?.ToString());
        Assert.True(WalletQuery.TryDecodeAmount(answer.Answer, out var amount));
        Assert.Equal(UInt128.Zero, amount);
    }

    [Fact]
    public void Query_AnswersTotalSupply_AsTheSumOfDeposits()
    {
        Fund();

        var answer = AskAndOpen(_second, _bob, WalletQuery.TotalSupply.Encode());

        Assert.True(answer.IsSuccess, answer.Error?.ToString());
        Assert.True(WalletQuery.TryDecodeAmount(answer.Answer, out var supply));
        Assert.Equal((UInt128)140, supply);
    }

    [Fact]
    public void Query_SealsNotAuthorizedRefusal_WhenAliceAsksBobsBalance()
    {
        Fund();
        using var pending = Seal(_alice, WalletQuery.Balance(_bob.PublicKey).Encode(), FarExpiry);

        var response = Ask(_first, pending);

        // The host sees only a sealed answer, the same kind as for a balance: it cannot tell a refusal.
        Assert.Equal(BoundaryResponseKind.QueryAnswer, response.Kind);
        var answer = Open(pending, response);
        Assert.False(answer.IsSuccess);
        Assert.Equal(ContractErrorKind.NotAuthorized, answer.Error!.Value.Kind);
        Assert.Empty(answer.Answer);
    }

    [Fact]
    public void Query_SealsMalformedRefusal_WhenTheWalletQueryDoesNotDecode()
    {
        Fund();

        var answer = AskAndOpen(_first, _alice, [(byte)WalletQueryKind.Balance, 1, 2, 3]);

        Assert.False(answer.IsSuccess);
        Assert.Equal(ContractErrorKind.Malformed, answer.Error!.Value.Kind);
    }

    [Theory]
    [InlineData(3u, false)]
    [InlineData(4u, true)]
    public void Query_IsRefusedAsExpired_OnlyOnceTheEnclavePassedItsExpiryBlock(uint expiry, bool answered)
    {
        var last = Fund();
        Assert.Equal(4u, last);
        using var pending = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), expiry);

        var response = Ask(_first, pending);

        Assert.Equal(answered, !response.IsError);
        if (!answered)
        {
            Assert.Equal($"query refused: it expired at block {expiry}, the enclave is at block {last}", response.Error);
        }
    }

    [Fact]
    public void Query_IsRefused_WhenReSignedByAnotherKeyThanTheAccountItNames()
    {
        Fund();
        var signedByBob = QueryRequest.Sign(_bob, BoundaryChain.Genesis, Keys.ContractId, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);
        using var pending = new QuerySealer(Keys, BoundaryChain.Genesis).Seal(signedByBob with { Account = _alice.PublicKey });

        var response = Ask(_first, pending);

        Assert.True(response.IsError);
        Assert.Contains("re-signed", response.Error, StringComparison.Ordinal);

        // The host relays this error: it must not learn whom the query claimed to come from.
        Assert.DoesNotContain(_alice.PublicKey.ToString(), response.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_bob.PublicKey.ToString(), response.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Query_IsRefused_WhenSignedForAnotherChain()
    {
        Fund();
        var otherChain = QueryRequest.Sign(_alice, OtherGenesis, Keys.ContractId, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);
        using var pending = new QuerySealer(Keys, BoundaryChain.Genesis).Seal(otherChain);

        var response = Ask(_first, pending);

        Assert.True(response.IsError);
        Assert.Contains("signature is not by the account", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 })]
    public void Query_IsRefusedAsUndecodable_WhenTheSealedQueryIsGarbage(byte[] garbage)
    {
        Fund();

        var response = BoundaryChain.Call(_first, BoundaryRequest.Query(garbage));

        Assert.True(response.IsError);
        Assert.StartsWith("query refused: sealed query does not decode", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_IsRefusedAsUndecodable_WhenTheSealedQueryIsTruncatedOrExtended()
    {
        Fund();
        using var pending = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);
        var valid = pending.Request.Encode();

        var truncated = BoundaryChain.Call(_first, BoundaryRequest.Query(valid[..^1]));
        var extended = BoundaryChain.Call(_first, BoundaryRequest.Query([.. valid, 0x00]));

        Assert.StartsWith("query refused: sealed query does not decode", truncated.Error, StringComparison.Ordinal);
        Assert.StartsWith("query refused: sealed query does not decode", extended.Error, StringComparison.Ordinal);
        Assert.Equal(BoundaryResponseKind.QueryAnswer, Ask(_first, pending).Kind);
    }

    [Fact]
    public void Query_IsRefused_WhenTheContractIsNotRunHere()
    {
        Fund();
        var unknown = new Hash256(Enumerable.Repeat((byte)0x77, 32).ToArray());
        using var pending = new QuerySealer(Keys with { ContractId = unknown }, BoundaryChain.Genesis)
            .Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);

        var worker = Ask(_first, pending);
        var gatekeeper = Ask(_gatekeeper, pending);

        Assert.Equal($"query refused: this worker does not run contract {unknown}", worker.Error);
        Assert.True(gatekeeper.IsError);
    }

    [Fact]
    public void Query_IsRefused_WhenTheContractsKeysHaveNotArrived()
    {
        Deploy();
        using var pending = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);

        var response = Ask(_first, pending);

        Assert.Equal($"query refused: contract {Keys.ContractId} has no keys or state on this worker yet", response.Error);

        // Once the keys are delivered the same sealed query is answered.
        var block = _chain.Append(_keyMessages);
        Feed(block, block);
        Assert.Equal(BoundaryResponseKind.QueryAnswer, Ask(_first, pending).Kind);
    }

    [Fact]
    public void Query_IsRefused_WhenSealedToAnotherEcdhKeyOfTheContract()
    {
        Fund();
        using var stranger = X25519KeyPair.Generate();
        var wrongKey = Keys with { EcdhKey = new Hash256(stranger.PublicKey) };
        using var pending = new QuerySealer(wrongKey, BoundaryChain.Genesis).Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);

        var response = Ask(_first, pending);

        Assert.True(response.IsError);
        Assert.Contains("authentication failed", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_IsRefused_WhenSealedForAnotherKeyEpoch()
    {
        Fund();
        var nextEpoch = Keys with { Epoch = Keys.Epoch + 1 };
        using var pending = new QuerySealer(nextEpoch, BoundaryChain.Genesis).Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);

        var response = Ask(_first, pending);

        Assert.True(response.IsError);
        Assert.Contains($"epoch {Keys.Epoch + 1}", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryAnswer_OpensOnlyWithThePendingQueryThatAskedIt()
    {
        Fund();
        var query = WalletQuery.Balance(_alice.PublicKey).Encode();
        using var asked = Seal(_alice, query, FarExpiry);
        using var sameQueryAgain = Seal(_alice, query, FarExpiry);
        using var bobs = Seal(_bob, WalletQuery.Balance(_bob.PublicKey).Encode(), FarExpiry);

        var response = Ask(_first, asked);

        Assert.True(asked.TryOpenResponse(response.Bytes, out _, out var error), error);
        Assert.False(sameQueryAgain.TryOpenResponse(response.Bytes, out var leaked, out error));
        Assert.Empty(leaked);
        Assert.Contains("authentication failed", error, StringComparison.Ordinal);
        Assert.False(bobs.TryOpenResponse(response.Bytes, out _, out error));
        Assert.Contains("authentication failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryAnswer_IsFreshlySealed_WhenTheSameQueryIsReplayed()
    {
        Fund();
        using var pending = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);

        var first = Ask(_first, pending);
        var replayed = Ask(_first, pending);

        Assert.NotEqual(first.Bytes, replayed.Bytes);
        Assert.Equal(Open(pending, first).Encode(), Open(pending, replayed).Encode());
    }

    [Fact]
    public void Query_ChangesNothing_InfoStateOrLaterBlockOutput()
    {
        Fund();
        var before = BoundaryChain.Call(_first, BoundaryRequest.GetInfo()).Info;

        // Answers, sealed refusals and envelope errors alike, on the first worker only.
        using var own = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);
        using var foreign = Seal(_alice, WalletQuery.Balance(_bob.PublicKey).Encode(), FarExpiry);
        using var supply = Seal(_bob, WalletQuery.TotalSupply.Encode(), FarExpiry);
        using var expired = Seal(_bob, WalletQuery.TotalSupply.Encode(), 1);
        foreach (var pending in new[] { own, foreign, supply, own })
        {
            Assert.Equal(BoundaryResponseKind.QueryAnswer, Ask(_first, pending).Kind);
        }

        Assert.True(Ask(_first, expired).IsError);
        Assert.True(BoundaryChain.Call(_first, BoundaryRequest.Query([1, 2, 3])).IsError);

        Assert.Equal(before, BoundaryChain.Call(_first, BoundaryRequest.GetInfo()).Info);

        // A block that changes nothing: no state report, so the contract's state hash is the one last reported.
        var quiet = _chain.Append();
        var quietBatch = _chain.Batch(quiet, quiet);
        var quietFirst = BoundaryChain.Process(_first, quietBatch);
        Assert.True(quietFirst.IsComplete, quietFirst.Error);
        Assert.Empty(quietFirst.Egress);
        Assert.Empty(BoundaryChain.Process(_second, quietBatch).Egress);

        // The next state change is reported with the same hash by the queried worker and the untouched one.
        var deposit = _chain.Append(ExecutionCluster.DepositMessage(_bob.PublicKey, 5));
        var batch = _chain.Batch(deposit, deposit);
        var queried = BoundaryChain.Process(_first, batch);
        var untouched = BoundaryChain.Process(_second, batch);
        Assert.True(queried.IsComplete, queried.Error);
        var queriedReport = Assert.Single(queried.Egress, m => m.Message.TopicText == ContractTopics.StateReport);
        var untouchedReport = Assert.Single(untouched.Egress, m => m.Message.TopicText == ContractTopics.StateReport);
        Assert.Equal(untouchedReport.Message.Payload, queriedReport.Message.Payload);
        Assert.Equal(untouchedReport.Sequence, queriedReport.Sequence);
        Assert.Equal(queried.Refusals.Count, untouched.Refusals.Count);

        var after = AskAndOpen(_first, _bob, WalletQuery.Balance(_bob.PublicKey).Encode());
        Assert.True(WalletQuery.TryDecodeAmount(after.Answer, out var bobs));
        Assert.Equal((UInt128)70, bobs);
    }

    [Fact]
    public void Call_NeverThrows_AndRefusesEveryMutationOfAQueryRequest()
    {
        Fund();
        using var pending = Seal(_alice, WalletQuery.Balance(_alice.PublicKey).Encode(), FarExpiry);
        var valid = BoundaryRequest.Query(pending.Request.Encode()).Encode();
        var before = BoundaryChain.Call(_first, BoundaryRequest.GetInfo()).Info;

        ByteMutation.Any.Sample(mutation =>
        {
            var mutated = mutation.Apply(valid);
            Assert.True(BoundaryResponse.TryDecode(_first.Call(mutated), out var response, out var error), error);
            Assert.True(response.IsError, $"{mutation} was answered");
            Assert.NotEmpty(response.Error);
        });

        Assert.Equal(before, BoundaryChain.Call(_first, BoundaryRequest.GetInfo()).Info);
        Assert.Equal(BoundaryResponseKind.QueryAnswer, Ask(_first, pending).Kind);
    }

    public void Dispose()
    {
        foreach (var boundary in All)
        {
            boundary.Dispose();
        }

        _master.Dispose();
        _gatekeeperIdentity.Dispose();
        _firstIdentity.Dispose();
        _secondIdentity.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        _chain.Dispose();
        _platform.Dispose();
    }

    /// <summary>The receipt of (block, index) as <paramref name="asker"/> reads it: the answer's result decoded once more.</summary>
    private QueryResult ReadReceipt(IEnclaveBoundary boundary, Ed25519KeyPair asker, uint block, int index)
    {
        using var pending = Seal(asker, new ReceiptRequest(block, index).Encode(), FarExpiry);
        var outer = Open(pending, BoundaryChain.Call(boundary, BoundaryRequest.Receipt(pending.Request.Encode())));
        if (!outer.IsSuccess)
        {
            return outer;
        }

        Assert.True(QueryResult.TryDecode(outer.Answer, out var receipt, out var error), error);
        return receipt;
    }

    private static BoundaryResponse Ask(IEnclaveBoundary boundary, PendingQuery pending)
        => BoundaryChain.Call(boundary, BoundaryRequest.Query(pending.Request.Encode()));

    private static QueryResult Open(PendingQuery pending, BoundaryResponse response)
    {
        Assert.Equal(BoundaryResponseKind.QueryAnswer, response.Kind);
        Assert.True(pending.TryOpenResponse(response.Bytes, out var plaintext, out var error), error);
        Assert.True(Veil.Protocol.Confidential.QueryAnswer.TryDecode(plaintext, out var answer, out error), error);
        Assert.True(QueryResult.TryDecode(answer.Result, out var result, out error), error);
        return result;
    }

    private QueryResult AskAndOpen(IEnclaveBoundary boundary, Ed25519KeyPair asker, byte[] query)
    {
        using var pending = Seal(asker, query, FarExpiry);
        var response = Ask(boundary, pending);
        Assert.False(response.IsError, response.Error);
        return Open(pending, response);
    }

    private PendingQuery Seal(Ed25519KeyPair asker, byte[] query, ulong expiry)
        => new QuerySealer(Keys, BoundaryChain.Genesis).Seal(asker, query, expiry);

    /// <summary>
    /// Deploys (blocks 1–2), delivers the keys with deposits of 100 to Alice and 40 to Bob (block 3), then
    /// Alice's encrypted transfer of 25 to Bob (block 4): Alice 75, Bob 65, supply 140. Returns the last block.
    /// </summary>
    private uint Fund()
    {
        Deploy();
        var keysBlock = _chain.Append(
            [
                .. _keyMessages,
                ExecutionCluster.DepositMessage(_alice.PublicKey, 100),
                ExecutionCluster.DepositMessage(_bob.PublicKey, 40),
            ]);
        Feed(keysBlock, keysBlock);

        using var sealer = new CommandSealer(Keys, BoundaryChain.Genesis);
        var transfer = sealer.Seal(_alice.PublicKey, WalletCommand.Transfer(_bob.PublicKey, 25).Encode());
        var transferBlock = _chain.Append(ExecutionCluster.Message(Origin.Account(_alice.PublicKey), ContractTopics.Command(Keys.ContractId), transfer.Encode()));
        var results = Feed(transferBlock, transferBlock);
        Assert.All(results, r => Assert.Empty(r.Refusals));
        return transferBlock;
    }

    /// <summary>Registers all three enclaves (block 1) and deploys the Wallet to both workers (block 2).</summary>
    private void Deploy()
    {
        _chain.Append(
            ExecutionCluster.RegistryEvent(_gatekeeperIdentity, WorkerRole.Gatekeeper),
            ExecutionCluster.RegistryEvent(_firstIdentity, WorkerRole.Worker),
            ExecutionCluster.RegistryEvent(_secondIdentity, WorkerRole.Worker));
        _chain.Append(ExecutionCluster.Deployment(_firstIdentity.IdentityKey, _secondIdentity.IdentityKey));
        var output = Feed(1, 2)[0].Egress;
        var publish = Assert.Single(output, m => m.Message.TopicText == ContractTopics.PublishKeys);
        Assert.True(ContractPublicKeys.TryDecode(publish.Message.Payload, out var keys, out var error), error);
        _keys = keys;
        _keyMessages = output.Where(m => m.Message.TopicText == GatekeeperKeyMessage.Topic).Select(m => m.Message).ToArray();
        Assert.Equal(2, _keyMessages.Length);
    }

    private List<BlocksProcessed> Feed(uint first, uint last)
    {
        var batch = _chain.Batch(first, last);
        var results = All.Select(boundary => BoundaryChain.Process(boundary, batch)).ToList();
        Assert.All(results, r => Assert.True(r.IsComplete, r.Error));
        return results;
    }
}
