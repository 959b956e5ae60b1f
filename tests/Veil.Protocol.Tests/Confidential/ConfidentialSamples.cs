using Veil.Core;
using Veil.Crypto;
using Veil.Protocol.Confidential;

namespace Veil.Protocol.Tests.Confidential;

/// <summary>Fixed keys and a predictable "random" source for the envelope tests and golden vectors.</summary>
internal static class ConfidentialSamples
{
    public static readonly Hash256 Genesis = new(Enumerable.Repeat((byte)0xc3, 32).ToArray());

    public static readonly Hash256 ContractId = new(Enumerable.Repeat((byte)0x11, 32).ToArray());

    /// <summary>Contract ECDH secret 0x01..0x20.</summary>
    public static readonly byte[] ContractSecret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static readonly Hash256 ContractEcdhKey = PublicKeyOf(ContractSecret);

    public static readonly ContractPublicKeys Contract = new(ContractId, 7, ContractEcdhKey, new Hash256(Enumerable.Repeat((byte)0x22, 32).ToArray()));

    /// <summary>Ed25519 account with seed 0x41 × 32.</summary>
    public static readonly Ed25519KeyPair Account = new(Enumerable.Repeat((byte)0x41, 32).ToArray());

    public static readonly Ed25519KeyPair OtherAccount = new(Enumerable.Repeat((byte)0x42, 32).ToArray());

    public static AccountId Signer => Account.PublicKey;

    public static Hash256 PublicKeyOf(byte[] secret)
    {
        var publicKey = new byte[32];
        X25519.DerivePublicKey(secret, publicKey);
        return new Hash256(publicKey);
    }

    /// <summary>A source that hands out 0x40, 0x41, 0x42 … byte after byte: the first 32 bytes are the ephemeral secret, then nonces.</summary>
    public static RandomFill Counting(byte start = 0x40)
    {
        var next = start;
        return destination =>
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = next++;
            }
        };
    }

    /// <summary>Opens a command the way an enclave does, from the contract secret: an independent check of the sealer.</summary>
    public static bool TryOpenCommand(CommandEnvelope envelope, byte[] contractSecret, Hash256 contractId, AccountId signer, Hash256 genesis, out byte[] command)
    {
        command = [];
        var shared = new byte[32];
        if (!X25519.TryAgree(contractSecret, envelope.SenderEphemeralKey.ToArray(), shared))
        {
            return false;
        }

        var key = new byte[32];
        EnvelopeKeys.DeriveCommandKey(shared, envelope.SenderEphemeralKey, PublicKeyOf(contractSecret), key);
        var associatedData = new byte[CommandEnvelope.AssociatedDataSize];
        CommandEnvelope.WriteAssociatedData(contractId, signer, genesis, associatedData);
        using var aead = new Aes256Gcm(key);
        if (!aead.TryOpen(envelope.Nonce, envelope.Ciphertext, associatedData, out var padded))
        {
            return false;
        }

        if (!PlaintextPadding.TryUnpad(padded, out var plaintext, out _))
        {
            return false;
        }

        command = plaintext.ToArray();
        return true;
    }
}
