using System.Diagnostics.CodeAnalysis;
using Veil.Contracts.Runtime;
using Veil.Enclave.LightClient;
using Veil.Protocol.Contracts;
using Veil.Protocol.Messaging;
using Veil.Wasm;

namespace Veil.Enclave.Execution;

/// <summary>
/// WebAssembly contracts (DESIGN §7): the deployment announcement carries the code, which every enclave
/// compiles (full Wasmtime validation; the chain checked only the structure), and the public constructor
/// input, which each cluster worker runs once, as the contract's first command, when the keys arrive.
/// Commands are the ink! input the sender sealed; the enclave adds the block's time and a zero value.
/// </summary>
public sealed partial class EnclaveRuntime
{
    /// <summary>Decodes a deployment: a bare <see cref="ContractInfo"/> for a built-in, a <see cref="WasmDeployment"/> for code.</summary>
    internal static bool TryDecodeDeployment(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out ContractInfo? info, out WasmDeployment? wasm, out string error)
    {
        wasm = null;
        if (ContractInfo.TryDecode(payload, out var plain, out var plainError))
        {
            info = plain;
            if (plain.IsWasm)
            {
                error = $"WebAssembly contract {plain.Id} was announced without its code";
                return false;
            }

            error = string.Empty;
            return true;
        }

        if (WasmDeployment.TryDecode(payload, out var deployment, out var wasmError))
        {
            info = deployment.Info;
            wasm = deployment;
            error = string.Empty;
            return true;
        }

        info = null;
        error = $"deployment does not decode: {(deployment.Info.IsWasm ? wasmError : plainError)}";
        return false;
    }

    /// <summary>A fresh contract object for <paramref name="info"/>: a built-in by kind, or the compiled code of a WebAssembly contract.</summary>
    internal static bool TryCreateContract(ContractInfo info, WasmDeployment? wasm, [NotNullWhen(true)] out IConfidentialContract? contract, out string error)
    {
        if (wasm is null)
        {
            contract = CreateContract(info.Kind);
            error = contract is null ? $"contract {info.Id} is of kind '{info.Kind}', which this enclave cannot run" : string.Empty;
            return contract is not null;
        }

        // Cached by code hash in the shared engine: many contracts with the same code compile it once.
        if (!WasmEngine.Shared.TryLoad(wasm.Code, out var code, out var loadError))
        {
            contract = null;
            error = $"contract {info.Id}: its code is refused: {loadError}";
            return false;
        }

        contract = new WasmContract(code);
        error = string.Empty;
        return true;
    }

    private static byte[] WasmCommand(ulong timestamp, byte[] input)
        => new WasmInvocation(WasmEntry.Call, timestamp, UInt128.Zero, input).Encode();

    /// <summary>
    /// Runs a WebAssembly contract's constructor as the deployer, at the deployment's block and time, so
    /// every worker starts from the same state however late its keys came. Its receipt is filed at the
    /// deployment announcement's position. Built-ins have no constructor.
    /// </summary>
    private void RunConstructor(HostedContract hosted)
    {
        if (hosted.Wasm is not { } wasm)
        {
            return;
        }

        var info = hosted.Info;
        var deployer = Origin.Account(info.Deployer);
        var command = new WasmInvocation(WasmEntry.Deploy, wasm.Timestamp, UInt128.Zero, wasm.Constructor).Encode();
        var outcome = hosted.Instance!.Handle(command, deployer, info.DeployedAt);
        _sink.AddReceipt(new PrivateReceipt(info.Id, info.DeployedAt, hosted.DeployIndex, deployer, outcome.EncodeReceipt(), outcome.IsSuccess));
        if (!outcome.IsSuccess)
        {
            // The constructor input is public, but its outcome may depend on nothing secret either; the
            // reason still goes only to the receipt, like any command's.
            Refuse(new DeliveredMessage(info.DeployedAt, hosted.DeployIndex, null!), $"contract {info.Id}: the constructor failed (the reason is in the deployer's private receipt)");
            return;
        }

        foreach (var outgoing in outcome.Messages)
        {
            EmitContract(hosted, outgoing);
        }
    }
}
