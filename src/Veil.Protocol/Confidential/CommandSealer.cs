using System.Security.Cryptography;
using Veil.Core;
using Veil.Crypto;

namespace Veil.Protocol.Confidential;

/// <summary>
/// The client side of the command envelope (DESIGN §6): encrypts commands for one contract. A sealer is a
/// session: it makes one ephemeral X25519 key and derives the AEAD key once, so the enclave's key cache
/// turns steady traffic into one AEAD per command. Every command gets a fresh random 96-bit nonce.
/// Thread-safe.
/// </summary>
public sealed class CommandSealer : IDisposable
{
    /// <summary>
    /// NIST SP 800-38D caps random-nonce AES-GCM at 2^32 messages per key (collision chance ≤ 2^-32);
    /// a session refuses to go past it, so start a new sealer (a new ephemeral key) instead.
    /// </summary>
    public const long MaxCommandsPerSession = 1L << 32;

    private readonly Lock _lock = new();
    private readonly Aes256Gcm _aead;
    private readonly RandomFill _random;
    private readonly Hash256 _genesisHash;
    private long _commandCount;
    private bool _disposed;

    /// <param name="contract">The contract's published keys; commands are sealed to its ECDH key and epoch.</param>
    /// <param name="genesisHash">The chain the commands are for; a command is bound to it.</param>
    public CommandSealer(ContractPublicKeys contract, Hash256 genesisHash)
        : this(contract, genesisHash, SecureRandom.Fill)
    {
    }

    /// <summary>Test seam: <paramref name="random"/> supplies the ephemeral secret, then every nonce.</summary>
    internal CommandSealer(ContractPublicKeys contract, Hash256 genesisHash, RandomFill random)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(random);
        Contract = contract;
        _genesisHash = genesisHash;
        _random = random;

        Span<byte> secret = stackalloc byte[X25519.KeySize];
        Span<byte> shared = stackalloc byte[X25519.KeySize];
        Span<byte> key = stackalloc byte[Aes256Gcm.KeySize];
        Span<byte> contractKey = stackalloc byte[X25519.KeySize];
        try
        {
            random(secret);
            using var ephemeral = new X25519KeyPair(secret);
            EphemeralKey = new Hash256(ephemeral.PublicKey);
            contract.EcdhKey.CopyTo(contractKey);
            if (!ephemeral.TryAgree(contractKey, shared))
            {
                throw new ArgumentException($"The ECDH key of contract {contract.ContractId} is not a usable X25519 public key.", nameof(contract));
            }

            EnvelopeKeys.DeriveCommandKey(shared, EphemeralKey, contract.EcdhKey, key);
            _aead = new Aes256Gcm(key);
        }
        finally
        {
            // The ephemeral secret is dropped at once: after Dispose nothing on the client can reopen a command.
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(shared);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public ContractPublicKeys Contract { get; }

    /// <summary>This session's ephemeral public key (the same in every envelope it seals).</summary>
    public Hash256 EphemeralKey { get; }

    /// <summary>
    /// Encrypts <paramref name="command"/> for the contract, to be submitted in an extrinsic signed by
    /// <paramref name="signer"/> (the enclave opens it only with that signer).
    /// </summary>
    public CommandEnvelope Seal(AccountId signer, ReadOnlySpan<byte> command)
    {
        if (command.Length > CommandEnvelope.MaxCommandLength)
        {
            throw new ArgumentException($"A command is at most {CommandEnvelope.MaxCommandLength} bytes, not {command.Length}.", nameof(command));
        }

        Span<byte> associatedData = stackalloc byte[CommandEnvelope.AssociatedDataSize];
        CommandEnvelope.WriteAssociatedData(Contract.ContractId, signer, _genesisHash, associatedData);
        var padded = PlaintextPadding.Pad(command);
        try
        {
            var nonce = new byte[Aes256Gcm.NonceSize];
            byte[] ciphertext;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_commandCount >= MaxCommandsPerSession)
                {
                    throw new InvalidOperationException($"This session has sealed {MaxCommandsPerSession} commands, the most one key may; start a new {nameof(CommandSealer)}.");
                }

                _commandCount++;
                _random(nonce);
                ciphertext = _aead.Seal(nonce, padded, associatedData: associatedData);
            }

            return new CommandEnvelope(CommandEnvelope.CurrentVersion, Contract.Epoch, EphemeralKey, nonce, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _aead.Dispose();
            }
        }
    }
}
