using Veil.Core;
using Veil.Wasm.Tests.Contracts;

namespace Veil.Wasm.Tests;

public class HashTests
{
    [Theory]
    // FIPS 180-2 "abc"; Keccak-256 as Ethereum uses it; BLAKE2b (RFC 7693) with 32- and 16-byte outputs.
    [InlineData(0, "abc", "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(0, "", "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(1, "", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData(1, "abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData(2, "abc", "0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")]
    [InlineData(2, "", "0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")]
    [InlineData(3, "abc", "0xcf4ab791c62b8d2b2109c90275287816")]
    public void HashFunctions_MatchKnownVectors(byte kind, string text, string expected)
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        var digest = probe.Output(ProbeContract.Input(ProbeContract.Hash, [kind, .. System.Text.Encoding.ASCII.GetBytes(text)]));

        Assert.Equal(expected, Hex.Encode(digest));
    }

    [Fact]
    public void HashFunctions_AreAllowedInQueries()
    {
        var probe = new WasmHarness(ProbeContract.Wat, []);

        var query = probe.Query(ProbeContract.Input(ProbeContract.Hash, [1, .. "abc"u8]));

        Assert.Equal("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", Hex.Encode(query.Answer));
    }
}
