namespace Sanctum.Policy.Domain;

/// <summary>One row of the process table, as any OS adapter reports it.</summary>
/// <param name="State">The raw state field; only its first character matters (macOS appends flags like <c>T+</c>).</param>
/// <param name="Name">The short command name (<c>comm</c>).</param>
/// <param name="Command">The full command line, space-joined.</param>
public sealed record ProcRow(int Pid, long StartTime, long RssKb, string State, string Name, string Command)
{
    public ProcessIdentity Identity => new(Pid, StartTime);

    public long RssMb => RssKb / 1024;

    public bool IsStopped => State.Length > 0 && State[0] == 'T';

    /// <summary>
    /// Running or in an interruptible sleep (R, S, and macOS's I): a state a stopped process only reaches by being
    /// resumed. Uninterruptible sleep (D, macOS U) is not: a SIGSTOP sent then takes effect only when it ends.
    /// </summary>
    public bool IsRunning => State.Length > 0 && State[0] is 'R' or 'S' or 'I';
}
