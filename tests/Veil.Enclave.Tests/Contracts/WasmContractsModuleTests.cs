using Veil.Chain;
using Veil.Chain.Runtime.Modules;
using Veil.Chain.Spec;
using Veil.Core;
using Veil.Core.Hashing;
using Veil.Crypto;
using Veil.Crypto.Derivation;
using Veil.Enclave.Keys;
using Veil.Enclave.Platform;
using Veil.Enclave.Tests.Execution;
using Veil.Protocol.Attestation;
using Veil.Protocol.Calls;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Protocol.Storage;
using Veil.Storage;
using Wasmtime;

namespace Veil.Enclave.Tests.Contracts;

/// <summary>
/// The chain side of WebAssembly contracts: upload_code checks structure and stores code by hash,
/// instantiate announces the code with the public constructor input to the cluster.
/// </summary>
public sealed class WasmContractsModuleTests : IDisposable
{
    private const ulong Start = 1_800_000_000_000;

    private const string Minimal = """
        (module
          (import "seal0" "seal_return" (func (param i32 i32 i32)))
          (import "env" "memory" (memory 1 1))
          (func (export "deploy"))
          (func (export "call")))
        """;

    private readonly Ed25519KeyPair _root = KeyDerivation.FromUri(AttestationPolicy.DevAttestationRootUri);
    private readonly Ed25519KeyPair _alice = KeyDerivation.FromUri("//Alice");
    private readonly Ed25519KeyPair _bob = KeyDerivation.FromUri("//Bob");
    private readonly SimulatedPlatform _platform;
    private readonly EnclaveIdentity _gatekeeper;
    private readonly EnclaveIdentity _worker;
    private readonly ChainService _chain;
    private readonly ChainDriver _driver;

    public WasmContractsModuleTests()
    {
        _platform = SimulatedPlatform.FromSecret(new byte[32], _root);
        _gatekeeper = EnclaveIdentity.Generate(_platform);
        _worker = EnclaveIdentity.Generate(_platform);
        var spec = ChainSpec.Dev() with { Measurements = [_platform.Measurement], Gatekeepers = [_gatekeeper.IdentityKey] };
        _chain = ChainService.Open(spec, new MemoryStore());
        _driver = new ChainDriver(_chain, _alice, Start);
        foreach (var enclave in new[] { _gatekeeper, _worker })
        {
            _driver.Submit(_alice, RegistryCall.CreateRegisterWorker(enclave.CreateEvidence(_platform, _chain.GenesisHash, _alice.PublicKey, Start), enclave.IdentityKey, enclave.EcdhKey));
        }
    }

    [Fact]
    public void UploadCode_StoresTheCodeUnderItsHash_AndIsIdempotent()
    {
        var code = WasmExecutionTests.TokenCode();

        _driver.Submit(_bob, ContractsCall.CreateUploadCode(code));
        _driver.Submit(_alice, ContractsCall.CreateUploadCode(code));

        Assert.True(_chain.Database.TryGet(StorageKey.ContractCode(Blake2b.Hash256(code)), out var stored));
        Assert.Equal(code, stored);
    }

    [Theory]
    [InlineData("not wasm", "missing the \\0asm header")]
    [InlineData("unknown module", "from unknown module 'wasi'")]
    [InlineData("no call", "does not export a function named 'call'")]
    [InlineData("too large", "the limit is")]
    public void UploadCode_StoresNothing_WhenTheCodeIsStructurallyWrong(string defect, string expected)
    {
        var code = defect switch
        {
            "not wasm" => "hello, world"u8.ToArray(),
            "unknown module" => Module.ConvertText(Minimal.Replace("\"seal0\" \"seal_return\"", "\"wasi\" \"fd_write\"", StringComparison.Ordinal)),
            "no call" => Module.ConvertText(Minimal.Replace("(func (export \"call\"))", string.Empty, StringComparison.Ordinal)),
            _ => [.. Module.ConvertText(Minimal), .. new byte[WasmDeployment.MaxCodeLength]],
        };

        Assert.Contains(expected, WasmCodeCheck.Check(code), StringComparison.Ordinal);
        _driver.Submit(_bob, ContractsCall.CreateUploadCode(code));

        Assert.False(_chain.Database.TryGet(StorageKey.ContractCode(Blake2b.Hash256(code)), out _));
    }

    [Fact]
    public void WasmCodeCheck_AcceptsTheSdkExamples()
    {
        Assert.Null(WasmCodeCheck.Check(WasmExecutionTests.TokenCode()));
        Assert.Null(WasmCodeCheck.Check(Module.ConvertText(Minimal)));
    }

    [Fact]
    public void Instantiate_AnnouncesTheCodeAndConstructorToTheCluster()
    {
        var code = WasmExecutionTests.TokenCode();
        var hash = Blake2b.Hash256(code);
        _driver.Submit(_bob, ContractsCall.CreateUploadCode(code));

        var block = _driver.Submit(_bob, ContractsCall.CreateInstantiate(hash, [_worker.IdentityKey], WasmExecutionTests.Constructor()));

        var message = Assert.Single(_driver.Messages(block));
        Assert.Equal(ContractTopics.Deployed, message.TopicText);
        Assert.Equal(Origin.Module("Contracts"), message.Sender);
        Assert.True(WasmDeployment.TryDecode(message.Payload, out var deployment, out var error), error);
        Assert.Equal(code, deployment.Code);
        Assert.Equal(WasmExecutionTests.Constructor(), deployment.Constructor);
        Assert.Equal(block.Block.Header.Timestamp, deployment.Timestamp);
        Assert.Equal(ContractInfo.WasmKind(hash), deployment.Info.Kind);
        Assert.True(deployment.Info.TryGetCodeHash(out var named));
        Assert.Equal(hash, named);
        Assert.Equal(deployment.Info, ContractsModule.Get(_chain.Database, deployment.Info.Id), ContractInfoComparer.Instance);
    }

    [Fact]
    public void Instantiate_DeploysNothing_WhenTheCodeWasNotUploaded()
    {
        var code = WasmExecutionTests.TokenCode();

        var block = _driver.Submit(_bob, ContractsCall.CreateInstantiate(Blake2b.Hash256(code), [_worker.IdentityKey], WasmExecutionTests.Constructor()));

        Assert.Empty(_driver.Messages(block));
    }

    [Fact]
    public void DepositAndAddWorker_AreRefused_ForAWebAssemblyContract()
    {
        var code = WasmExecutionTests.TokenCode();
        _driver.Submit(_bob, ContractsCall.CreateUploadCode(code));
        var deployed = _driver.Submit(_bob, ContractsCall.CreateInstantiate(Blake2b.Hash256(code), [_worker.IdentityKey], WasmExecutionTests.Constructor()));
        Assert.True(WasmDeployment.TryDecode(Assert.Single(_driver.Messages(deployed)).Payload, out var deployment, out _));

        Assert.Empty(_driver.Messages(_driver.Submit(_bob, ContractsCall.CreateDeposit(deployment.Info.Id, 1_000))));
        Assert.Empty(_driver.Messages(_driver.Submit(_bob, ContractsCall.CreateAddWorker(deployment.Info.Id, _gatekeeper.IdentityKey))));
    }

    public void Dispose()
    {
        _gatekeeper.Dispose();
        _worker.Dispose();
        _root.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }

    private sealed class ContractInfoComparer : IEqualityComparer<ContractInfo?>
    {
        public static readonly ContractInfoComparer Instance = new();

        public bool Equals(ContractInfo? x, ContractInfo? y) => x is not null && y is not null && x.Encode().AsSpan().SequenceEqual(y.Encode());

        public int GetHashCode(ContractInfo? obj) => 0;
    }
}
