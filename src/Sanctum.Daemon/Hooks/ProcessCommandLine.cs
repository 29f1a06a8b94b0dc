using Sanctum.Os;
using Sanctum.Os.Linux;
using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Hooks;

/// <summary>A process's command line for <c>SANCTUM_COMMAND</c>, while it still exists; "" once it is gone (after a kill).</summary>
public static class ProcessCommandLine
{
    private static readonly ProcessCommandRunner Ps = new();

    public static async Task<string> ReadAsync(ProcessIdentity process)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return ProcCmdlineParser.Parse(await File.ReadAllTextAsync($"/proc/{process.Pid}/cmdline").ConfigureAwait(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }

        var ps = await Ps.RunAsync("/bin/ps", ["-o", "command=", "-p", process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        return ps.Succeeded ? ps.Output.Trim() : "";
    }
}
