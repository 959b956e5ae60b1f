using System.Text.Json;
using Veil.Node.Rpc;

namespace Veil.Node.Tests.Rpc;

public sealed class RpcParamsTests
{
    [Theory]
    [InlineData("[\"0x\"]", "")]
    [InlineData("[\"0x00ff\"]", "00FF")]
    [InlineData("[\"0XAbCd\"]", "ABCD")]
    [InlineData("{\"data\":\"0x0102\"}", "0102")]
    [InlineData("[\"0x\\u0030\\u0031\"]", "01")]
    public void GetHex_DecodesBytes_WhenHexIsValid(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        var bytes = new RpcParams(document.RootElement).GetHex(0, "data");

        Assert.Equal(expected, Convert.ToHexString(bytes));
    }

    [Theory]
    [InlineData("[12]", 12UL)]
    [InlineData("[\"0x0c\"]", 12UL)]
    [InlineData("[18446744073709551615]", ulong.MaxValue)]
    [InlineData("[\"0xffffffffffffffff\"]", ulong.MaxValue)]
    public void GetUInt64_AcceptsNumberOrHex_WhenInRange(string json, ulong expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, new RpcParams(document.RootElement).GetUInt64(0, "n"));
    }

    [Theory]
    [InlineData("[1.5]")]
    [InlineData("[18446744073709551616]")]
    [InlineData("[\"0x10000000000000000\"]")]
    [InlineData("[\"12\"]")]
    [InlineData("[true]")]
    public void GetUInt64_ThrowsInvalidParams_WhenNotAnUnsignedInteger(string json)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<RpcException>(() => new RpcParams(document.RootElement).GetUInt64(0, "n"));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        Assert.Contains("'n' (param 0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetOptional_ReturnsNull_WhenAbsentOrJsonNull()
    {
        using var document = JsonDocument.Parse("[null]");
        var parameters = new RpcParams(document.RootElement);

        Assert.Null(parameters.GetOptionalString(0, "a"));
        Assert.Null(parameters.GetOptionalHex(1, "b"));
        Assert.Null(parameters.GetOptionalUInt64(2, "c"));
        Assert.Null(RpcParams.Empty.GetOptionalBool(0, "d"));
        Assert.Equal(0, RpcParams.Empty.Count);
    }

    [Fact]
    public void GetUInt32_ThrowsInvalidParams_WhenAboveUInt32Max()
    {
        using var document = JsonDocument.Parse("[4294967296]");

        var error = Assert.Throws<RpcException>(() => new RpcParams(document.RootElement).GetUInt32(0, "n"));

        Assert.Equal("Invalid params: 'n' (param 0) must be at most 4294967295", error.Message);
    }

    [Fact]
    public void ExpectAtMost_Throws_WhenTooManyPositionalParams()
    {
        using var document = JsonDocument.Parse("[1,2,3]");

        var error = Assert.Throws<RpcException>(() => new RpcParams(document.RootElement).ExpectAtMost(2));

        Assert.Equal("Invalid params: expected at most 2 params, got 3", error.Message);
    }

    [Fact]
    public void RpcResult_WritesEachKind_AsJson()
    {
        Assert.Equal("null", RpcResult.Null.ToString());
        Assert.Equal("true", ((RpcResult)true).ToString());
        Assert.Equal("-5", ((RpcResult)(-5L)).ToString());
        Assert.Equal("18446744073709551615", ((RpcResult)ulong.MaxValue).ToString());
        Assert.Equal("\"a\\u0022b\"", ((RpcResult)"a\"b").ToString());
        Assert.Equal("\"0x00ff\"", RpcResult.Hex([0x00, 0xff]).ToString());
        Assert.Equal("{\"a\":1}", RpcResult.Raw("{\"a\":1}"u8.ToArray()).ToString());
        Assert.Equal("[1]", ((RpcResult)new System.Text.Json.Nodes.JsonArray(1)).ToString());
        Assert.Equal("7", RpcResult.FromWriter(w => w.WriteNumberValue(7)).ToString());
        Assert.Equal("\"0x" + new string('a', 2000) + "\"", RpcResult.Hex(Enumerable.Repeat((byte)0xaa, 1000).ToArray()).ToString());
    }
}
