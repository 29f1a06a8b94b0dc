using Sanctum.Daemon.Notifications;
using Sanctum.Policy.Notifications;
using Xunit;

namespace Sanctum.Daemon.Tests;

/// <summary>The notifier command lines: the text, which other processes name, only ever as an argument.</summary>
public sealed class DesktopNotifierTests
{
    private static readonly Notification Hostile = new("sanctum", "froze \" & quit app \"Finder\" <b>x</b> -- (9.6 GB) — sanctum why 1", Urgent: false);

    [Fact]
    public void NotifySendGetsTheAppNameTheUrgencyAndTheEscapedBodyAfterTheOptions()
    {
        var command = DesktopNotifier.ForLinux(Hostile with { Urgent = true });

        Assert.Equal("notify-send", command.Program);
        Assert.Equal(
            ["--app-name=sanctum", "--urgency=critical", "--", "sanctum", "froze \" &amp; quit app \"Finder\" &lt;b&gt;x&lt;/b&gt; -- (9.6 GB) — sanctum why 1"],
            command.Arguments);
        Assert.Equal("--urgency=normal", DesktopNotifier.ForLinux(Hostile).Arguments[1]);
    }

    [Fact]
    public void OsascriptReadsTheTextFromArgvAndNeverFromTheScript()
    {
        var command = DesktopNotifier.ForMacOS(Hostile);

        Assert.Equal("osascript", command.Program);
        Assert.Equal(["-e", "on run argv", "-e", "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run", "sanctum", Hostile.Body], command.Arguments);
        Assert.All(command.Arguments.Take(6), a => Assert.DoesNotContain("Finder", a, StringComparison.Ordinal));
        Assert.Contains("sound name", DesktopNotifier.ForMacOS(Hostile with { Urgent = true }).Arguments[3], StringComparison.Ordinal);
    }
}
