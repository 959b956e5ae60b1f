namespace Veil.Protocol.Confidential;

/// <summary>
/// Where sealers get ephemeral keys and nonces: the OS CSPRNG in production, a fixed sequence in golden
/// vector tests (the only reason this seam exists, hence internal).
/// </summary>
internal delegate void RandomFill(Span<byte> destination);
