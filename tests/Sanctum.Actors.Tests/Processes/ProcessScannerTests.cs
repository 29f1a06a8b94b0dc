using Akka.Actor;
using Sanctum.Actors.Processes;
using Xunit;
using static Sanctum.Actors.Tests.Processes.SimulatedHosts;

namespace Sanctum.Actors.Tests.Processes;

/// <summary>Restart reconciliation plans against the scanner's first table, whether it asks before or after that read.</summary>
public sealed class ProcessScannerTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void AnAskBeforeTheFirstReadIsAnsweredWithIt()
    {
        var host = With(() => DateTimeOffset.UtcNow, Process(10, "first"));
        var registry = CreateTestProbe();
        var scanner = Sys.ActorOf(ProcessScanner.Props(host, registry.Ref, []));

        scanner.Tell(GetFirstTable.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        scanner.Tell(ScanProcesses.Instance);

        var first = ExpectMsg<TableRead>();
        Assert.Equal(first, registry.ExpectMsg<TableRead>());
        Assert.Equal([10], first.Rows.Select(r => r.Pid));
        scanner.Tell(ScanProcesses.Instance);
        registry.ExpectMsg<TableRead>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void AnAskAfterLaterReadsIsAnsweredWithTheFirstOnce()
    {
        var host = With(() => DateTimeOffset.UtcNow, Process(10, "first"));
        var registry = CreateTestProbe();
        var scanner = Sys.ActorOf(ProcessScanner.Props(host, registry.Ref, []));
        scanner.Tell(ScanProcesses.Instance);
        var first = registry.ExpectMsg<TableRead>();
        scanner.Tell(ScanProcesses.Instance);
        Assert.NotSame(first, registry.ExpectMsg<TableRead>());

        scanner.Tell(GetFirstTable.Instance);
        Assert.Same(first, ExpectMsg<TableRead>());
        scanner.Tell(GetFirstTable.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
