using System.Text.Json;
using Veil.Core;
using Veil.Core.Scale;
using Veil.Protocol.Messaging;
using Veil.Tests.Shared;
using static Veil.Wasm.Examples.Tests.Accounts;

namespace Veil.Wasm.Examples.Tests;

/// <summary>
/// The SDK's metadata and ABI checked against the reference tooling itself: polkadot.js'
/// <c>@polkadot/api-contract</c> <c>Abi</c> (what polkadot.js apps and the contracts UI use for ink!
/// contracts) must parse every example's metadata, agree on every selector and argument, and the call
/// data it encodes must run the contract unmodified.
/// </summary>
public sealed class PolkadotAbiCompatTests
{
    [Theory]
    [InlineData("counter")]
    [InlineData("token")]
    [InlineData("auction")]
    [InlineData("vote")]
    public async Task Abi_ParsesTheMetadata_AndAgreesOnEverySelectorAndArgument(string name)
    {
        using var metadata = ExampleBuild.Metadata(name);
        var reference = await NodeReference.RunAsync("ink-metadata.mjs", new { metadata = metadata.RootElement });

        var spec = metadata.RootElement.GetProperty("spec");
        foreach (var (section, kind) in new[] { ("messages", "messages"), ("constructors", "constructors") })
        {
            var ours = spec.GetProperty(section).EnumerateArray().ToList();
            var theirs = reference.GetProperty(kind).EnumerateArray().ToList();
            Assert.Equal(ours.Count, theirs.Count);
            for (var i = 0; i < ours.Count; i++)
            {
                Assert.Equal(ours[i].GetProperty("selector").GetString(), theirs[i].GetProperty("selector").GetString());
                Assert.Equal(ours[i].GetProperty("args").GetArrayLength(), theirs[i].GetProperty("args").GetArrayLength());
                if (section == "messages")
                {
                    Assert.Equal(ours[i].GetProperty("mutates").GetBoolean(), theirs[i].GetProperty("mutates").GetBoolean());
                }
            }
        }
    }

    [Fact]
    public async Task CallDataEncodedByPolkadotJs_RunsTheTokenUnmodified()
    {
        using var metadata = ExampleBuild.Metadata("token");
        var reference = await NodeReference.RunAsync("ink-metadata.mjs", new
        {
            metadata = metadata.RootElement,
            constructors = new[] { new { label = "new", args = new object[] { "1000000" } } },
            calls = new[]
            {
                new { message = "transfer", args = new object[] { Bob.ToSs58(), "250" } },
                new { message = "balance_of", args = new object[] { Bob.ToSs58() } },
            },
        });
        var constructor = Unwrap(reference.GetProperty("constructorCalls")[0]);
        var transfer = Unwrap(reference.GetProperty("calls")[0]);
        var balanceOf = Unwrap(reference.GetProperty("calls")[1]);

        var token = new ExampleContract("token");
        Assert.Equal([.. token.Selector("transfer"), .. new ScaleInput().Account(Bob).U128(250).ToArray()], transfer);
        var deployed = token.Instance.Handle(new WasmInvocation(WasmEntry.Deploy, ExampleContract.Start, 0, constructor).Encode(), Origin.Account(Alice), 1);
        Assert.True(deployed.IsSuccess, deployed.ToString());
        var sent = token.CallRaw(transfer, Alice);
        Assert.True(sent.IsSuccess, sent.ToString());

        var answer = token.Instance.Query(new WasmQuery(3, ExampleContract.Start, balanceOf).Encode(), Bob);
        Assert.True(answer.IsSuccess, answer.Error?.ToString());
        Assert.Equal(ScaleInput.OkOkU128(250), answer.Answer);
    }

    /// <summary>polkadot.js returns call data as a SCALE <c>Vec&lt;u8&gt;</c>; the contract's input is its content.</summary>
    private static byte[] Unwrap(JsonElement call)
    {
        var reader = new ScaleReader(Hex.Decode(call.GetProperty("data").GetString()!));
        var data = reader.ReadBytes(1 << 16).ToArray();
        Assert.True(reader.TryFinish(out var error), error);
        return data;
    }
}
