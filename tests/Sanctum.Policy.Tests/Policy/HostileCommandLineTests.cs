using System.Diagnostics;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;
using Xunit;

namespace Sanctum.Policy.Tests.Policy;

/// <summary>Command lines are written by whoever starts a process: matching them must not cost the guard its tick.</summary>
public sealed class HostileCommandLineTests
{
    /// <summary>54 KB that the shipped <c>docker-vz</c> and <c>metal-shader-compiler</c> patterns backtrack quadratically on.</summary>
    public static string HostileArgument { get; } =
        string.Concat(Enumerable.Repeat("Docker.app/", 3000)) + string.Concat(Enumerable.Repeat("/metal ", 3000));

    private static IReadOnlyList<ProcRow> HostileTable(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ProcRow(50_000 + i, i, 4_000 * 1024, "S", "sleep", "sleep " + HostileArgument))];

    [Fact]
    public void FortyHostileCommandLinesClassifyQuicklyAgainstTheDefaultPolicy()
    {
        var policy = Defaults.PickerPolicyWithCriticals();
        var table = HostileTable(40);

        var clock = Stopwatch.StartNew();
        var ranked = Picker.Rank(table, policy);
        clock.Stop();

        // Backtracking with a 50 ms match timeout per pattern took seconds here; linear matching over the
        // bounded text takes milliseconds, so a full second still fails the old behaviour on a slow box.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"classifying 40 hostile rows took {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.All(ranked, c => Assert.Equal("docker-vz", c.Entry.Name));
    }

    [Fact]
    public void ARowKeepsABoundedCommandLineAndName()
    {
        var row = new ProcRow(1000, 1, 1, "S", new string('n', 10_000), "sleep " + HostileArgument);

        Assert.Equal(ProcRow.MaxTextChars, row.Command.Length);
        Assert.Equal(ProcRow.MaxTextChars, row.Name.Length);
        Assert.StartsWith("sleep Docker.app/", row.Command, StringComparison.Ordinal);
        Assert.Equal(ProcRow.MaxTextChars, (row with { Command = HostileArgument }).Command.Length);
    }

    [Fact]
    public void TheCacheMatchesEachProcessOnceUntilItsCommandLineChanges()
    {
        var policy = Defaults.PickerPolicy();
        var cache = new MatchCache(policy);
        var qemu = new ProcRow(1000, 1, 5_000 * 1024, "S", "qemu-system-aarch64", "qemu-system-aarch64 -m 4096");

        var first = cache.Of(qemu);
        Assert.Same(first, cache.Of(qemu with { RssKb = 9_000 * 1024, State = "T" }));

        var execd = cache.Of(qemu with { Name = "sleep", Command = "sleep 10" });
        Assert.Null(execd.Entry);

        cache.Retain([]);
        Assert.NotSame(first, cache.Of(qemu));
    }
}
