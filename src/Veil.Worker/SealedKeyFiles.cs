using Veil.Enclave.Keys;
using Veil.Enclave.Platform;

namespace Veil.Worker;

/// <summary>
/// The enclave's long-lived keys as sealed files in the host's data directory. The host only stores the
/// sealed bytes; only the same platform and enclave measurement can open them. A file that is present but
/// refused (tampered, other platform or build) is an error, never silently replaced: replacing it would
/// give the worker a new identity the chain does not know.
/// </summary>
public static class SealedKeyFiles
{
    public const string IdentityFileName = "identity.sealed";

    public const string MasterKeyFileName = "master-key.sealed";

    /// <summary>The enclave's latest sealed state checkpoint; replaced after every batch that advanced it.</summary>
    public const string CheckpointFileName = "checkpoint.sealed";

    /// <summary>The epoch of the master key a new gatekeeper generates.</summary>
    public const uint InitialEpoch = 1;

    /// <summary>Loads the sealed identity from <paramref name="dataDirectory"/>, or generates and seals a new one.</summary>
    /// <exception cref="InvalidOperationException">The sealed file exists but the enclave refuses it.</exception>
    public static EnclaveIdentity LoadOrCreateIdentity(IEnclavePlatform platform, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var path = Path.Combine(dataDirectory, IdentityFileName);
        if (File.Exists(path))
        {
            return EnclaveIdentity.TryUnseal(platform, File.ReadAllBytes(path), out var identity, out var error)
                ? identity
                : throw new InvalidOperationException($"{path}: {error}");
        }

        var created = EnclaveIdentity.Generate(platform);
        WriteAtomically(path, created.Seal(platform));
        return created;
    }

    /// <summary>Loads the sealed master key from <paramref name="dataDirectory"/>, or generates and seals one for <see cref="InitialEpoch"/>.</summary>
    /// <exception cref="InvalidOperationException">The sealed file exists but the enclave refuses it.</exception>
    public static MasterKey LoadOrCreateMasterKey(IEnclavePlatform platform, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var path = Path.Combine(dataDirectory, MasterKeyFileName);
        if (File.Exists(path))
        {
            return MasterKey.TryUnseal(platform, File.ReadAllBytes(path), InitialEpoch, out var key, out var error)
                ? key
                : throw new InvalidOperationException($"{path}: {error}");
        }

        var created = MasterKey.Generate(platform, InitialEpoch);
        WriteAtomically(path, created.Seal(platform));
        return created;
    }

    /// <summary>The sealed checkpoint in <paramref name="dataDirectory"/>, or null when there is none.</summary>
    public static byte[]? ReadCheckpoint(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var path = Path.Combine(dataDirectory, CheckpointFileName);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stores a sealed checkpoint in <paramref name="dataDirectory"/>, atomically replacing the previous one:
    /// a crash leaves the old checkpoint or the new one, never a torn file. Unlike the keys, overwriting is
    /// intended — a checkpoint is only ever a newer snapshot of the same enclave.
    /// </summary>
    public static void WriteCheckpoint(string dataDirectory, byte[] sealedCheckpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(sealedCheckpoint);
        WriteAtomically(Path.Combine(dataDirectory, CheckpointFileName), sealedCheckpoint, overwrite: true);
    }

    /// <summary>
    /// Writes to a temporary owner-only file, flushes it to disk and renames it into place, so a crash
    /// leaves either no file or a whole one. For keys the rename refuses to overwrite: two hosts racing on
    /// one data directory must not end with different identities.
    /// </summary>
    private static void WriteAtomically(string path, byte[] contents, bool overwrite = false)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
