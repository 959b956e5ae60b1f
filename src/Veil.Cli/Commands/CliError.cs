namespace Veil.Cli.Commands;

/// <summary>A failure to report to the user as one clear line (no stack trace) with a non-zero exit.</summary>
public sealed class CliError(string message) : Exception(message);
