using System.Security.Cryptography;

namespace Veil.Enclave.Platform;

/// <summary>
/// The simulated platform's secret: 32 random bytes in a file readable only by its owner (mode 0600) in
/// the worker's data directory. It plays the part of the key fused into a CPU: whoever reads it can
/// unseal everything the simulated enclave sealed, so a file others could read is refused, not repaired.
/// </summary>
internal static class PlatformSecretFile
{
    public const string FileName = "platform-secret";
    public const int SecretSize = 32;

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads the secret in <paramref name="dataDirectory"/>, creating it on first use.</summary>
    public static bool TryLoadOrCreate(string dataDirectory, Span<byte> secret, out string error)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            Directory.CreateDirectory(dataDirectory);
            if (!File.Exists(path) && !TryCreate(path, out error))
            {
                return false;
            }

            return TryLoad(path, secret, out error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            secret.Clear();
            error = $"cannot use the platform secret file {path}: {e.Message}";
            return false;
        }
    }

    private static bool TryCreate(string path, out string error)
    {
        // Write a temporary file and rename it, so a crash never leaves a half-written secret under the
        // real name; a leftover temporary file from such a crash holds nothing anyone relies on.
        var temporary = path + ".tmp";
        File.Delete(temporary);
        Span<byte> fresh = stackalloc byte[SecretSize];
        RandomNumberGenerator.Fill(fresh);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // Set at creation, so the secret is never readable by others, not even for a moment.
                options.UnixCreateMode = OwnerReadWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(fresh);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs, so both agree on one secret.
                File.Delete(temporary);
            }

            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fresh);
        }
    }

    private static bool TryLoad(string path, Span<byte> secret, out string error)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return Fail($"the platform secret file {path} is a symbolic link; it must be a regular file", secret, out error);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                return Fail($"the platform secret file {path} has mode {Octal(mode)}, which lets other users read or change it; it must be 0600 (chmod 600 {path}) — if others may have read it, treat everything sealed with it as exposed", secret, out error);
            }
        }

        if (info.Length != SecretSize)
        {
            return Fail($"the platform secret file {path} is {info.Length} bytes, not {SecretSize}: it is damaged or not a Veil platform secret", secret, out error);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        stream.ReadExactly(secret[..SecretSize]);
        if (stream.Position != stream.Length)
        {
            return Fail($"the platform secret file {path} changed size while it was read", secret, out error);
        }

        error = string.Empty;
        return true;
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8);

    private static bool Fail(string message, Span<byte> secret, out string error)
    {
        secret.Clear();
        error = message;
        return false;
    }
}
