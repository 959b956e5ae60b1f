using Veil.Core;
using Veil.Core.Scale;

namespace Veil.Contracts.Wallet;

/// <summary>
/// The payload of the Wallet's withdrawal message, topic <see cref="WalletContract.ReleaseTopic"/>,
/// sender <c>Origin.Contract(wallet id)</c>: "release <see cref="Amount"/> of the VEIL locked for this
/// contract to <see cref="To"/>". SCALE: <c>to: [u8; 32] ‖ amount: u128</c> (48 bytes). The chain's
/// Balances module must accept it only from the Wallet contract's registered signing key, and the
/// signed message's sequence number makes each release happen once.
/// </summary>
public readonly record struct WalletRelease(AccountId To, UInt128 Amount)
{
    public const int EncodedLength = AccountId.Size + 16;

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        var writer = new ScaleWriter(bytes);
        writer.WriteAccount(To);
        writer.WriteU128(Amount);
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out WalletRelease release, out string error)
    {
        var reader = new ScaleReader(bytes);
        var to = reader.ReadAccount();
        var amount = reader.ReadU128();
        release = new WalletRelease(to, amount);
        return reader.TryFinish(out error);
    }
}
