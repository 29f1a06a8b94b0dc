namespace Sanctum.Cli.Commands;

/// <summary>The client's exit codes (design §8): 0 ok, 1 the daemon answered an error, 2 unreachable or invalid input.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int DaemonError = 1;
    public const int Unreachable = 2;
    public const int InvalidInput = 2;
}
