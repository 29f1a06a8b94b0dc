using Akka.Actor;
using Akka.Event;
using Sanctum.Ports;

namespace Sanctum.Actors.Processes;

/// <summary>Read the process table now: the root's tick, or the pressure sampler when the level rises (it then waits for <see cref="ProcessesScanned"/>).</summary>
public sealed record ScanProcesses(IActorRef? ReplyTo = null)
{
    public static ScanProcesses Instance { get; } = new();
}

/// <summary>The table asked for has been handed to the registry and every reader.</summary>
public sealed record ProcessesScanned
{
    public static ProcessesScanned Instance { get; } = new();
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
        Receive<ScanProcesses>(scan =>
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

            scan.ReplyTo?.Tell(ProcessesScanned.Instance);
        });
    }

    public static Props Props(IProcessTablePort port, IActorRef registry, IReadOnlyList<IActorRef> readers) =>
        Akka.Actor.Props.Create(() => new ProcessScanner(port, registry, readers));
}
