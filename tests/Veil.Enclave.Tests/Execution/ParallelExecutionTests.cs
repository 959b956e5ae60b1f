using System.Text;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.LightClient;
using Veil.Enclave.Platform;
using Veil.Enclave.Tests.Platform;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Registry;

namespace Veil.Enclave.Tests.Execution;

/// <summary>
/// <see cref="EnclaveRuntime.ProcessBlock"/> runs the commands of different contracts in parallel; it must
/// be indistinguishable from handling every message in order with <see cref="EnclaveRuntime.Process"/>:
/// the same egress bytes, refusals, receipts and state, on random blocks mixing three Wallets, deposits,
/// private transfers, withdrawals, failing commands and garbage.
/// </summary>
public sealed class ParallelExecutionTests : IDisposable
{
    private static readonly Hash256 Genesis = new(Enumerable.Repeat((byte)0xc7, 32).ToArray());
    private readonly SimulatedPlatform _platform = PlatformSamples.NewPlatform();
    private readonly MasterKey _master;
    private readonly EnclaveIdentity _gatekeeperIdentity;
    private readonly EnclaveIdentity _sequentialIdentity;
    private readonly EnclaveIdentity _parallelIdentity;
    private readonly EnclaveRuntime _gatekeeper;
    private readonly EnclaveRuntime _sequential;
    private readonly EnclaveRuntime _parallel;
    private readonly Ed25519KeyPair[] _users = [.. Enumerable.Range(1, 5).Select(i => new Ed25519KeyPair(Enumerable.Repeat((byte)(0x60 + i), 32).ToArray()))];
    private readonly Dictionary<Hash256, CommandSealer> _sealers = [];
    private uint _block = 1;

    public ParallelExecutionTests()
    {
        _master = MasterKey.Generate(_platform, 1);
        _gatekeeperIdentity = EnclaveIdentity.Generate(_platform);
        _sequentialIdentity = EnclaveIdentity.Generate(_platform);
        _parallelIdentity = EnclaveIdentity.Generate(_platform);
        _gatekeeper = EnclaveRuntime.ForGatekeeper(_platform, _gatekeeperIdentity, Genesis, _master);
        _sequential = EnclaveRuntime.ForWorker(_platform, _sequentialIdentity, Genesis);
        _parallel = EnclaveRuntime.ForWorker(_platform, _parallelIdentity, Genesis);
    }

    private static Hash256[] Contracts => [.. Enumerable.Range(1, 3).Select(i => new Hash256(Enumerable.Repeat((byte)(0x10 * i), 32).ToArray()))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ProcessBlock_MatchesProcessingEachMessageInOrder_OnRandomBlocksOverThreeContracts(int seed)
    {
        Setup();

        // Each worker refused the other's key deliveries during set-up; compare what comes after.
        var skipSequential = _sequential.Refusals.Count;
        var skipParallel = _parallel.Refusals.Count;
        var random = new Random(seed);
        for (var block = 0; block < 25; block++)
        {
            var messages = new List<QueueMessage>();
            var count = random.Next(0, 40);
            for (var i = 0; i < count; i++)
            {
                messages.Add(RandomMessage(random));
            }

            var number = Deliver(messages);

            var sequentialEgress = _sequential.DrainEgress();
            var parallelEgress = _parallel.DrainEgress();
            Assert.Equal(sequentialEgress.Select(m => Convert.ToHexString(m.Encode())), parallelEgress.Select(m => Convert.ToHexString(m.Encode())));
            Assert.Equal(_sequential.Refusals.Skip(skipSequential).Select(r => $"{r.BlockNumber}/{r.Index}: {r.Reason}"), _parallel.Refusals.Skip(skipParallel).Select(r => $"{r.BlockNumber}/{r.Index}: {r.Reason}"));
            for (var index = 0; index < messages.Count; index++)
            {
                foreach (var contract in Contracts)
                {
                    var inSequence = _sequential.TryGetReceipt(contract, number, index, out var expected);
                    Assert.Equal(inSequence, _parallel.TryGetReceipt(contract, number, index, out var actual));
                    if (inSequence)
                    {
                        Assert.Equal(expected!.Result, actual!.Result);
                        Assert.Equal(expected.IsSuccess, actual.IsSuccess);
                    }
                }
            }
        }

        foreach (var contract in Contracts)
        {
            Assert.True(_sequential.TryGetContract(contract, out var expected));
            Assert.True(_parallel.TryGetContract(contract, out var actual));
            Assert.Equal(expected.StateHash, actual.StateHash);
        }

        // The streams did real work: money moved in every contract, and some commands were refused.
        Assert.True(_parallel.Refusals.Count > skipParallel);
    }

    public void Dispose()
    {
        foreach (var sealer in _sealers.Values) sealer.Dispose();
        foreach (var user in _users) user.Dispose();
        _gatekeeper.Dispose();
        _sequential.Dispose();
        _parallel.Dispose();
        _gatekeeperIdentity.Dispose();
        _sequentialIdentity.Dispose();
        _parallelIdentity.Dispose();
        _master.Dispose();
        _platform.Dispose();
    }

    private void Setup()
    {
        var registry = new List<QueueMessage>();
        foreach (var (identity, role) in new[] { (_gatekeeperIdentity, WorkerRole.Gatekeeper), (_sequentialIdentity, WorkerRole.Worker), (_parallelIdentity, WorkerRole.Worker) })
        {
            var info = new WorkerInfo(identity.IdentityKey, identity.EcdhKey, new AccountId(new byte[32]), Hash256.Zero, role, 1, 0);
            registry.Add(Message(Origin.Module("Registry"), "veil/registry/event", info.Encode()));
        }

        Deliver(registry, includeGatekeeper: true);
        var deployments = new List<QueueMessage>();
        foreach (var contract in Contracts)
        {
            var info = new ContractInfo(contract, WalletContract.ContractName, new AccountId(new byte[32]), [_sequentialIdentity.IdentityKey, _parallelIdentity.IdentityKey], 2, 0, default, default);
            deployments.Add(Message(Origin.Module("Contracts"), ContractTopics.Deployed, info.Encode()));
        }

        Deliver(deployments, includeGatekeeper: true);
        var output = _gatekeeper.DrainEgress();
        foreach (var published in output.Where(m => m.Message.TopicText == ContractTopics.PublishKeys))
        {
            Assert.True(ContractPublicKeys.TryDecode(published.Message.Payload, out var keys, out var error), error);
            _sealers[keys.ContractId] = new CommandSealer(keys, Genesis);
        }

        Deliver([.. output.Where(m => m.Message.TopicText == GatekeeperKeyMessage.Topic).Select(m => m.Message)]);
        Assert.Empty(_sequential.DrainEgress());
        Assert.Empty(_parallel.DrainEgress());
        foreach (var contract in Contracts)
        {
            Assert.True(_parallel.TryGetContract(contract, out _));
        }
    }

    private QueueMessage RandomMessage(Random random)
    {
        var contract = Contracts[random.Next(Contracts.Length)];
        var user = _users[random.Next(_users.Length)];
        var other = _users[random.Next(_users.Length)];
        var topic = ContractTopics.Command(contract);
        return random.Next(10) switch
        {
            < 3 => Message(Origin.Module("Balances"), topic, new ContractDeposit(user.PublicKey, (UInt128)random.Next(1, 1_000)).Encode()),
            < 8 => Sealed(contract, user, WalletCommand.Transfer(other.PublicKey, (UInt128)random.Next(1, 400))),
            8 => Sealed(contract, user, WalletCommand.Withdraw(other.PublicKey, (UInt128)random.Next(1, 300))),
            _ => Message(Origin.Account(user.PublicKey), topic, [.. Enumerable.Range(0, random.Next(0, 90)).Select(_ => (byte)random.Next(256))]),
        };
    }

    private QueueMessage Sealed(Hash256 contract, Ed25519KeyPair sender, WalletCommand command)
        => Message(Origin.Account(sender.PublicKey), ContractTopics.Command(contract), _sealers[contract].Seal(sender.PublicKey, command.Encode()).Encode());

    private static QueueMessage Message(Origin sender, string topic, byte[] payload) => new(sender, Encoding.UTF8.GetBytes(topic), payload);

    private uint Deliver(IReadOnlyList<QueueMessage> messages, bool includeGatekeeper = false)
    {
        var block = _block++;
        var delivered = messages.Select((message, i) => new DeliveredMessage(block, i, message) { Timestamp = 1_700_000_000_000UL + block }).ToList();
        foreach (var message in delivered) _sequential.Process(message);
        _parallel.ProcessBlock(delivered);
        if (includeGatekeeper)
        {
            foreach (var message in delivered) _gatekeeper.Process(message);
        }

        return block;
    }
}
