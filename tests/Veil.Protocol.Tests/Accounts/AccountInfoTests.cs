using System.Globalization;
using CsCheck;
using Veil.Core;
using Veil.Protocol.Accounts;

namespace Veil.Protocol.Tests.Accounts;

public class AccountInfoTests
{
    private static readonly Gen<UInt128> AnyU128 = Gen.Select(Gen.ULong, Gen.ULong).Select((hi, lo) => new UInt128(hi, lo));

    private static readonly Gen<AccountInfo> AnyAccount =
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, AnyU128, AnyU128, AnyU128, AnyU128)
            .Select((n, c, p, s, free, reserved, frozen, flags) => new AccountInfo(n, c, p, s, free, reserved, frozen, flags));

    private static readonly AccountInfo Sample = new(7, 0, 1, 0, 1_000_000_000_000_000_000, 5, 0, AccountInfo.NewLogicFlag);

    [Fact]
    public void Encode_MatchesGoldenVector_WhenAccountIsFixed()
    {
        Assert.Equal(
            "0x07000000" + "00000000" + "01000000" + "00000000"
            + "000064a7b3b6e00d0000000000000000" + "05000000000000000000000000000000"
            + "00000000000000000000000000000000" + "00000000000000000000000000000080",
            Hex.Encode(Sample.Encode()));
    }

    [Fact]
    public async Task Encode_EqualsPolkadotJsAccountInfo()
    {
        var output = await NodeReference.RunAsync("scale-codec.mjs", new
        {
            types = new[]
            {
                new
                {
                    type = "AccountInfo",
                    value = (object)new
                    {
                        nonce = Sample.Nonce, consumers = Sample.Consumers, providers = Sample.Providers, sufficients = Sample.Sufficients,
                        data = new { free = N(Sample.Free), reserved = N(Sample.Reserved), miscFrozen = N(Sample.Frozen), feeFrozen = N(Sample.Flags) },
                    },
                },
            },
        });

        Assert.Equal(Hex.Encode(Sample.Encode()), output.GetProperty("types")[0].GetString());
    }

    [Fact]
    public void TryDecode_RoundTrips_ForAnyAccount()
    {
        AnyAccount.Sample(account =>
        {
            Assert.True(AccountInfo.TryDecode(account.Encode(), out var decoded, out var error), error);
            Assert.Equal(account, decoded);
        }, iter: 500);
    }

    [Fact]
    public void TryDecode_ReturnsError_UnlessExactly80Bytes()
    {
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            var ok = AccountInfo.TryDecode(bytes, out _, out var error);
            Assert.Equal(bytes.Length == AccountInfo.EncodedLength, ok);
            if (!ok) Assert.False(string.IsNullOrWhiteSpace(error));
        }, iter: 2000);
    }

    [Fact]
    public void TryDecode_ReturnsError_WhenEncodingIsMutatedInLength()
    {
        Gen.Select(AnyAccount, ByteMutation.Any).Sample((account, mutation) =>
        {
            var mutated = mutation.Apply(account.Encode());
            var ok = AccountInfo.TryDecode(mutated, out var decoded, out var error);
            Assert.Equal(mutated.Length == AccountInfo.EncodedLength, ok);
            if (ok) Assert.Equal(mutated, decoded.Encode());
            else Assert.False(string.IsNullOrWhiteSpace(error));
        }, iter: 1000);
    }

    private static string N(UInt128 value) => value.ToString(CultureInfo.InvariantCulture) + "n";
}
