using System.Diagnostics;

namespace Sanctum.Os;

/// <summary>A child process that must end within its timeout: waited for, and killed with its tree when it does not.</summary>
public static class ProcessDeadline
{
    /// <returns>True when it exited in time; false when it was killed at <paramref name="timeout"/>.</returns>
    public static async Task<bool> WaitOrKillAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }

            return false;
        }
    }
}
