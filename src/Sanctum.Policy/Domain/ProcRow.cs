namespace Sanctum.Policy.Domain;

/// <summary>One row of the process table, as any OS adapter reports it.</summary>
/// <param name="State">The raw state field; only its first character matters (macOS appends flags like <c>T+</c>).</param>
/// <param name="Name">The short command name (<c>comm</c>), at most <see cref="MaxTextChars"/> kept.</param>
/// <param name="Command">The command line, space-joined, at most its first <see cref="MaxTextChars"/> characters kept.</param>
public sealed record ProcRow(int Pid, long StartTime, long RssKb, string State, string Name, string Command)
{
    /// <summary>
    /// Names and command lines are written by whoever started the process: what the guard keeps (and matches its
    /// regexes against) is bounded, so a 128 KB argument costs it no more memory or time than a 4 KB one.
    /// </summary>
    public const int MaxTextChars = 4096;

    public string Name { get; init => field = Bound(value); } = Bound(Name);

    public string Command { get; init => field = Bound(value); } = Bound(Command);

    /// <summary>The real uid of the process, or null when the process table does not say.</summary>
    public uint? Uid { get; init; }

    public ProcessIdentity Identity => new(Pid, StartTime);

    public long RssMb => RssKb / 1024;

    public bool IsStopped => State.Length > 0 && State[0] == 'T';

    /// <summary>
    /// Running or in an interruptible sleep (R, S, and macOS's I): a state a stopped process only reaches by being
    /// resumed. Uninterruptible sleep (D, macOS U) is not: a SIGSTOP sent then takes effect only when it ends.
    /// </summary>
    public bool IsRunning => State.Length > 0 && State[0] is 'R' or 'S' or 'I';

    /// <summary>The first <see cref="MaxTextChars"/> characters: what a row keeps of a text another process controls.</summary>
    public static string Bound(string text) => text.Length <= MaxTextChars ? text : text[..MaxTextChars];
}
