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

    /// <summary>
    /// Writes to a temporary owner-only file, flushes it to disk and renames it into place, so a crash
    /// leaves either no file or a whole one. The rename refuses to overwrite: two hosts racing on one data
    /// directory must not end with different identities.
    /// </summary>
    private static void WriteAtomically(string path, byte[] contents)
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

            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
