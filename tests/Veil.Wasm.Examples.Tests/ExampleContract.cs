using System.Text.Json;
using Veil.Contracts.Runtime;
using Veil.Core;
using Veil.Protocol.Messaging;

namespace Veil.Wasm.Examples.Tests;

/// <summary>
/// One deployed example contract in a <see cref="ContractInstance"/>, called the way a worker will:
/// commands are <see cref="WasmInvocation"/>s and queries <see cref="WasmQuery"/>s, each message
/// addressed by its label through the selector the contract's metadata gives (so the metadata is
/// tested along with the code).
/// </summary>
public sealed class ExampleContract
{
    /// <summary>Block time of the first block, ms.</summary>
    public const ulong Start = 1_700_000_000_000;

    public static readonly Hash256 ContractId = new(Enumerable.Repeat((byte)0xC5, 32).ToArray());

    private static readonly Dictionary<string, Dictionary<string, byte[]>> SelectorsByContract = [];
    private static readonly Lock Gate = new();

    private readonly Dictionary<string, byte[]> _selectors;

    public ExampleContract(string name, ContractState? state = null)
    {
        Name = name;
        Code = ExampleBuild.Load(name);
        Instance = new ContractInstance(ContractId, new WasmContract(Code), state);
        _selectors = SelectorsOf(name);
    }

    public string Name { get; }

    public WasmCode Code { get; }

    public ContractInstance Instance { get; }

    public Hash256 StateHash => Instance.StateHash;

    /// <summary>The metadata's selector for a constructor or message label.</summary>
    public byte[] Selector(string label)
        => _selectors.TryGetValue(label, out var selector) ? selector : throw new ArgumentException($"{Name} has no message '{label}'", nameof(label));

    public byte[] Input(string label, ScaleInput? args = null) => [.. Selector(label), .. (args ?? ScaleInput.Empty).ToArray()];

    public ContractOutcome Deploy(string label, ScaleInput args, AccountId from, ulong timestamp = Start, ulong block = 1)
        => Instance.Handle(new WasmInvocation(WasmEntry.Deploy, timestamp, 0, Input(label, args)).Encode(), Origin.Account(from), block);

    public ContractOutcome Call(string label, ScaleInput? args, AccountId from, ulong timestamp = Start, ulong block = 2, UInt128 value = default)
        => CallRaw(Input(label, args), from, timestamp, block, value);

    public ContractOutcome CallRaw(byte[] input, AccountId from, ulong timestamp = Start, ulong block = 2, UInt128 value = default)
        => Instance.Handle(new WasmInvocation(WasmEntry.Call, timestamp, value, input).Encode(), Origin.Account(from), block);

    public QueryResult Query(string label, ScaleInput? args, AccountId querier, ulong timestamp = Start, ulong block = 3)
        => Instance.Query(new WasmQuery(block, timestamp, Input(label, args)).Encode(), querier);

    /// <summary>Deploys and asserts success.</summary>
    public ExampleContract Deployed(string label, ScaleInput args, AccountId from, ulong timestamp = Start)
    {
        var outcome = Deploy(label, args, from, timestamp);
        Assert.True(outcome.IsSuccess, outcome.ToString());
        return this;
    }

    /// <summary>The receipt of a successful command.</summary>
    public WasmReceipt Succeed(string label, ScaleInput? args, AccountId from, ulong timestamp = Start)
    {
        var outcome = Call(label, args, from, timestamp);
        Assert.True(outcome.IsSuccess, $"{label}: {outcome}");
        Assert.True(WasmReceipt.TryDecode(outcome.Receipt, out var receipt, out var error), error);
        return receipt;
    }

    /// <summary>The answer of a successful query.</summary>
    public byte[] Ask(string label, ScaleInput? args, AccountId querier, ulong timestamp = Start)
    {
        var result = Query(label, args, querier, timestamp);
        Assert.True(result.IsSuccess, $"{label}: {result.Error}");
        return result.Answer;
    }

    /// <summary>The message a client sees when a fallible message refuses with error variant <paramref name="code"/>: ink!'s <c>Ok(Err(code))</c>, reverted.</summary>
    public static string Refused(byte code) => $"reverted: 0x0001{code:x2}";

    private static Dictionary<string, byte[]> SelectorsOf(string name)
    {
        lock (Gate)
        {
            if (!SelectorsByContract.TryGetValue(name, out var selectors))
            {
                selectors = [];
                using var metadata = ExampleBuild.Metadata(name);
                var spec = metadata.RootElement.GetProperty("spec");
                foreach (var kind in (ReadOnlySpan<string>)["constructors", "messages"])
                {
                    foreach (var entry in spec.GetProperty(kind).EnumerateArray())
                    {
                        selectors.Add(entry.GetProperty("label").GetString()!, Convert.FromHexString(entry.GetProperty("selector").GetString()![2..]));
                    }
                }

                SelectorsByContract[name] = selectors;
            }

            return selectors;
        }
    }
}
