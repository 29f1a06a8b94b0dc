using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Sanctum.Cli.Tests;

/// <summary>The incident page as headless Chromium renders it: no console errors, every decision a mark.</summary>
public sealed partial class IncidentPageTests
{
    [Fact]
    public async Task ReplayHtmlLoadsInChromiumWithoutErrorsAndHasAMarkPerRemedy()
    {
        var page = Path.Combine(Path.GetTempPath(), $"incident-{Guid.NewGuid():N}.html");
        try
        {
            var run = await BuiltClient.RunAsync("replay", BuiltClient.Scenario("2026-04-26-sigstop-loop.conf"), "--html", page);
            Assert.Equal(0, run.ExitCode);
            var html = await File.ReadAllTextAsync(page);
            Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
            Assert.DoesNotContain("https://", html);

            var (dom, log) = await Chromium("--dump-dom", $"file://{page}");

            Assert.DoesNotContain(":CONSOLE", log);
            var marks = int.Parse(MarksAttribute().Match(dom).Groups[1].Value);
            Assert.Equal(marks, Regex.Count(dom, "class=\"mark\""));
            var timeline = run.Stdout.Split('\n');
            var remedies = timeline.Count(l => Regex.IsMatch(l, @"^\S+  (SIGSTOP|SIGCONT|SIGKILL|SHED |ALERT|ESCALATE)"));
            Assert.Equal(remedies, marks);
            Assert.Contains("data-event=\"freeze\"", dom);
            Assert.Contains("node (pid 23424)", dom);
            Assert.Contains("com.sanctum.memory-vault", dom);
            Assert.Contains("until +00:30:00 at the latest", dom);
            Assert.Contains("class=\"band\"", dom);
            Assert.Contains("class=\"available\"", dom);

            var screenshot = Path.ChangeExtension(page, ".png");
            await Chromium($"--screenshot={screenshot}", "--window-size=1200,700", $"file://{page}");
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is blank");
            File.Delete(screenshot);
        }
        finally
        {
            File.Delete(page);
        }
    }

    private static async Task<(string Stdout, string Stderr)> Chromium(params string[] args)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
        return (await stdout, await stderr);
    }

    [GeneratedRegex("data-marks=\"(\\d+)\"")]
    private static partial Regex MarksAttribute();
}
