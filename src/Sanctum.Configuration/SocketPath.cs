namespace Sanctum.Configuration;

/// <summary>
/// Where the daemon listens and the client connects (design §8), decided in one place so both agree:
/// <c>--socket</c>, else <c>sanctum.cli.socket</c>, else <c>$XDG_RUNTIME_DIR/sanctum/sanctum.sock</c>,
/// else <c>~/.sanctum/run/sanctum.sock</c>.
/// </summary>
public static class SocketPath
{
    public const string FileName = "sanctum.sock";

    public static string Resolve(string? commandLine, string? configured) =>
        Resolve(commandLine, configured, Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public static string Resolve(string? commandLine, string? configured, string? xdgRuntimeDir, string home)
    {
        if (!string.IsNullOrEmpty(commandLine))
        {
            return Path.GetFullPath(commandLine);
        }

        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        return string.IsNullOrEmpty(xdgRuntimeDir)
            ? Path.Combine(home, ".sanctum", "run", FileName)
            : Path.Combine(xdgRuntimeDir, "sanctum", FileName);
    }
}
