using Sanctum.Os;
using Sanctum.Policy.Notifications;

namespace Sanctum.Daemon.Notifications;

/// <summary>One notifier command line: the program, found on PATH, and its argument vector (never a shell or script string with text in it).</summary>
public sealed record NotifierCommand(string Program, IReadOnlyList<string> Arguments);

/// <summary>
/// Shows a notification through the desktop's own tool: <c>notify-send</c> (the freedesktop notification service on the session
/// bus) on Linux, <c>osascript</c> (Notification Center) on macOS. Process names are chosen by other processes, so the text only
/// ever travels as an argument: AppleScript reads it from <c>argv</c>, and the freedesktop body is escaped for its markup.
/// </summary>
public sealed class DesktopNotifier(ICommandRunner runner, TimeSpan timeout)
{
    public const string NotifySend = "notify-send";
    public const string Osascript = "osascript";

    public static string Program => OperatingSystem.IsMacOS() ? Osascript : NotifySend;

    public Task<CommandResult> ShowAsync(Notification n)
    {
        var command = OperatingSystem.IsMacOS() ? ForMacOS(n) : ForLinux(n);
        return runner.RunAsync(command.Program, command.Arguments, timeout);
    }

    public static NotifierCommand ForLinux(Notification n) => new(NotifySend,
        ["--app-name=sanctum", $"--urgency={(n.Urgent ? "critical" : "normal")}", "--", n.Title, EscapeMarkup(n.Body)]);

    /// <summary>The script is constant; the title and body are its run handler's arguments.</summary>
    public static NotifierCommand ForMacOS(Notification n) => new(Osascript,
    [
        "-e", "on run argv",
        "-e", n.Urgent
            ? "display notification (item 2 of argv) with title (item 1 of argv) sound name \"Basso\""
            : "display notification (item 2 of argv) with title (item 1 of argv)",
        "-e", "end run",
        n.Title, n.Body,
    ]);

    /// <summary>Notification servers read a small HTML-like markup in the body (the freedesktop spec's body-markup).</summary>
    private static string EscapeMarkup(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
