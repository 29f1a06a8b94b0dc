using Akka.Actor;
using Akka.Event;
using Sanctum.Ports;

namespace Sanctum.Actors.Processes;

/// <summary>Read the process table now (sent by the root on every tick).</summary>
public sealed record ScanProcesses
{
    public static ScanProcesses Instance { get; } = new();
}

/// <summary>
/// Reads the process table through the port each tick and hands the reading to the registry (which keeps
/// the owners in step) and to every subscriber (picker, sentinel). Unparsable lines are logged and skipped.
/// </summary>
public sealed class ProcessScanner : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ProcessScanner(IProcessTablePort port, IActorRef registry, IReadOnlyList<IActorRef> readers)
    {
        Receive<ScanProcesses>(_ =>
        {
            // Stamped before the read: a signal an owner sends while the table is being read is newer than
            // the reading, so the owner does not mistake its own freeze for an outside resume.
            var readAt = Context.System.Scheduler.Now;
            var read = port.Read();
            foreach (var error in read.Errors)
            {
                _log.Warning("process table line skipped: {0}", error);
            }

            var table = new TableRead(read.Rows, readAt);
            registry.Tell(table);
            foreach (var reader in readers)
            {
                reader.Tell(table);
            }
        });
    }

    public static Props Props(IProcessTablePort port, IActorRef registry, IReadOnlyList<IActorRef> readers) =>
        Akka.Actor.Props.Create(() => new ProcessScanner(port, registry, readers));
}
