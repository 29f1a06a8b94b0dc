using Akka.Actor;
using Akka.Event;
using Sanctum.Ports;

namespace Sanctum.Actors.Processes;

/// <summary>
/// Reads the process table through the port each tick and hands the reading to the registry (which keeps
/// the owners in step) and to every subscriber (picker, sentinel). Unparsable lines are logged and skipped.
/// The first reading also goes to whoever asks <see cref="GetFirstTable"/> (restart reconciliation).
/// </summary>
public sealed class ProcessScanner : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _awaitingFirst = [];
    private bool _scanned;
    private TableRead? _first;

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
            if (!_scanned)
            {
                _scanned = true;
                _first = _awaitingFirst.Count == 0 ? table : null;
                _awaitingFirst.ForEach(a => a.Tell(table));
                _awaitingFirst.Clear();
            }
        });
        Receive<GetFirstTable>(_ =>
        {
            if (_first is { } first)
            {
                Sender.Tell(first);
                _first = null;
            }
            else if (!_scanned)
            {
                _awaitingFirst.Add(Sender);
            }
        });
    }

    public static Props Props(IProcessTablePort port, IActorRef registry, IReadOnlyList<IActorRef> readers) =>
        Akka.Actor.Props.Create(() => new ProcessScanner(port, registry, readers));
}
