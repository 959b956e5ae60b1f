using System.Text;
using BenchmarkDotNet.Attributes;
using Veil.Contracts.Wallet;
using Veil.Core;
using Veil.Crypto;
using Veil.Enclave.Boundary;
using Veil.Enclave.Confidential;
using Veil.Enclave.Execution;
using Veil.Enclave.Keys;
using Veil.Enclave.LightClient;
using Veil.Enclave.Platform;
using Veil.Protocol.Blocks;
using Veil.Protocol.Confidential;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Proofs;
using Veil.Protocol.Registry;

namespace Veil.Benchmarks.Enclave;

/// <summary>
/// A worker enclave's catch-up replay without the RPC transport: a hand-built finalized chain (registry,
/// Wallet deployment, key delivery, deposits, then blocks of sealed wallet transfers) handed to a fresh
/// <see cref="EnclaveBoundary"/> as one encoded batch, as the host would after fetching it. Per-command
/// cost = time / transfers. <see cref="OpenCommand"/> is the AES-GCM open alone (cached session key),
/// <see cref="DecodeBatch"/> the batch decoding alone.
/// </summary>
[MemoryDiagnoser]
public class EnclaveReplayBenchmarks : IDisposable
{
    private const int Senders = 200;
    private const int TransfersPerBlock = 2_500;
    private const int TransferBlocks = 8;
    private const int Transfers = TransfersPerBlock * TransferBlocks;

    private static readonly Hash256 Genesis = new(Enumerable.Repeat((byte)0xc3, 32).ToArray());
    private static readonly Hash256 ContractId = new(Enumerable.Repeat((byte)0x5a, 32).ToArray());

    private readonly List<FinalizedBlockBundle> _bundles = [];
    private SimulatedPlatform _platform = null!;
    private Ed25519KeyPair _root = null!;
    private Ed25519KeyPair _authority = null!;
    private EnclaveIdentity _worker = null!;
    private ContractKeys _keys = null!;
    private CommandOpener _opener = null!;
    private byte[] _batch = [];
    private byte[] _oneCommand = [];
    private AccountId _oneSigner;

    [GlobalSetup]
    public void Setup()
    {
        _root = new Ed25519KeyPair(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        _authority = new Ed25519KeyPair(Enumerable.Repeat((byte)0x7a, 32).ToArray());
        _platform = SimulatedPlatform.FromSecret(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), _root, new Hash256(Enumerable.Repeat((byte)0x33, 32).ToArray()));
        using var gatekeeper = EnclaveIdentity.Generate(_platform);
        _worker = EnclaveIdentity.Generate(_platform);
        using var master = MasterKey.Generate(_platform, 1);
        _keys = master.DeriveContractKeys(ContractId);

        Append(
        [
            Registered(gatekeeper, WorkerRole.Gatekeeper),
            Registered(_worker, WorkerRole.Worker),
        ]);
        var info = new ContractInfo(ContractId, WalletContract.ContractName, new AccountId(new byte[32]), [_worker.IdentityKey], 2, 1, default, default);
        Append([Message(Origin.Module("Contracts"), ContractTopics.Deployed, info.Encode())]);
        var delivery = KeyCourier.SealContractKeys(_platform, _keys, _worker.IdentityKey, _worker.EcdhKey);
        Append([Message(Origin.Worker(gatekeeper.IdentityKey), GatekeeperKeyMessage.Topic, GatekeeperKeyMessage.Encode(_keys.PublicKeys, delivery))]);

        var senders = new Ed25519KeyPair[Senders];
        var deposits = new QueueMessage[Senders];
        for (var i = 0; i < Senders; i++)
        {
            senders[i] = new Ed25519KeyPair(Enumerable.Repeat((byte)(i + 1), 32).ToArray());
            deposits[i] = Message(Origin.Module("Balances"), ContractTopics.Command(ContractId), new ContractDeposit(senders[i].PublicKey, 1_000_000_000).Encode());
        }

        Append(deposits);

        // One command session per sender, as a wallet keeps one sealer: the enclave's key cache hits.
        var sealers = new CommandSealer[Senders];
        for (var i = 0; i < Senders; i++)
        {
            sealers[i] = new CommandSealer(_keys.PublicKeys, Genesis);
        }

        for (var b = 0; b < TransferBlocks; b++)
        {
            var messages = new QueueMessage[TransfersPerBlock];
            for (var j = 0; j < TransfersPerBlock; j++)
            {
                var sender = ((b * TransfersPerBlock) + j) % Senders;
                var to = senders[(sender + 1) % Senders].PublicKey;
                var envelope = sealers[sender].Seal(senders[sender].PublicKey, WalletCommand.Transfer(to, 1).Encode()).Encode();
                messages[j] = Message(Origin.Account(senders[sender].PublicKey), ContractTopics.Command(ContractId), envelope);
            }

            Append(messages);
        }

        _batch = FinalizedBlockBundle.EncodeBatch(_bundles);
        var first = _bundles[4].Messages[0];
        _oneCommand = first.Payload;
        _oneSigner = senders[0].PublicKey;
        _opener = new CommandOpener(_keys, Genesis);
        foreach (var sealer in sealers)
        {
            sealer.Dispose();
        }

        foreach (var sender in senders)
        {
            sender.Dispose();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _opener.Dispose();
        _keys.Dispose();
        _worker.Dispose();
        _platform.Dispose();
        _authority.Dispose();
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// A fresh worker enclave replays the whole chain in one ProcessBlocks call: batch decoding, light-client
    /// checks (finality signature and messages root per block), AES-GCM open per command, the Wallet, and
    /// the per-block state-hash report.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Transfers)]
    public int ReplayBatch()
    {
        using var boundary = EnclaveBoundary.ForWorker(_platform, _worker, LightClientState.AtGenesis(Genesis, [_authority.PublicKey], 1));
        var response = boundary.Call(BoundaryRequest.ProcessBlocks(_batch).Encode());
        return response.Length;
    }

    [Benchmark]
    public bool OpenCommand() => _opener.TryOpen(_oneCommand, _oneSigner, out _, out _);

    [Benchmark(OperationsPerInvoke = Transfers)]
    public int DecodeBatch()
    {
        FinalizedBlockBundle.TryDecodeBatch(_batch, out var bundles, out _);
        return bundles.Count;
    }

    private static QueueMessage Registered(EnclaveIdentity identity, WorkerRole role)
    {
        var info = new WorkerInfo(identity.IdentityKey, identity.EcdhKey, new AccountId(new byte[32]), Hash256.Zero, role, 1, 0);
        return Message(Origin.Module("Registry"), "veil/registry/event", info.Encode());
    }

    private static QueueMessage Message(Origin sender, string topic, byte[] payload) => new(sender, Encoding.UTF8.GetBytes(topic), payload);

    private void Append(QueueMessage[] messages)
    {
        var number = (uint)_bundles.Count + 1;
        var parent = _bundles.Count == 0 ? Genesis : _bundles[^1].Header.Hash;
        var leaves = new Hash256[messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            leaves[i] = messages[i].Hash();
        }

        var header = new BlockHeader(parent, number, Hash256.Zero, Hash256.Zero, MerkleList.Root(leaves), 1_767_225_600_000UL + (number * 1000UL), _authority.PublicKey);
        var signature = _authority.Sign(FinalityProof.SigningPayload(Genesis, number, header.Hash));
        _bundles.Add(new FinalizedBlockBundle(header, new FinalityProof(header.Hash, number, [new AuthoritySignature(_authority.PublicKey, signature)]), messages));
    }
}
