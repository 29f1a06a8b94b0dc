using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Policy.Decisions;

namespace Sanctum.Daemon.Hooks;

/// <summary>
/// Runs <c>hooks.on-action</c> after every freeze, thaw, kill, shed and alert that happened (or would have, in
/// dry-run), and <c>hooks.pre-kill</c> when the valve asks before a kill. On a dispatcher of its own and never
/// waited on by the decision path: each hook runs as a task whose result comes back here to be logged, so a hook
/// that hangs (killed at its timeout) or fails delays nothing but itself. A pre-kill answer is sent once every
/// pre-kill hook has ended or been killed at <c>pre-kill-timeout</c>; the valve does not wait longer either.
/// Hooks learn the decision from their environment only, and nothing they print or return reaches the guard.
/// </summary>
public sealed class HookActor : ReceiveActor
{
    public const string Name = "hooks";
    public const string Dispatcher = "sanctum-hooks-dispatcher";

    private static readonly string Applied = Outcome.Applied.ToWire();
    private static readonly string DryRun = Outcome.DryRun.ToWire();

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HookOptions _options;

    /// <summary>The guard's mode as last announced or restored from the journal, for an alert only: a remedy's own outcome says whether it was dry-run.</summary>
    private bool _dryRun;

    public HookActor(HookOptions options, bool dryRun)
    {
        _options = options;
        _dryRun = dryRun;
        Receive<Decision>(d => OnDecision(DecisionRecord.Of(d)));
        Receive<ArmingRestored>(r => _dryRun = r.Journaled.DryRun);
        Receive<BeforeKill>(OnBeforeKill);
        Receive<HookResult>(Log);
    }

    public static IReadOnlyList<Type> Topics { get; } = [typeof(Decision), typeof(ArmingRestored)];

    public static Props Props(HookOptions options, bool dryRun) =>
        Akka.Actor.Props.Create(() => new HookActor(options, dryRun)).WithDispatcher(Dispatcher);

    private void OnDecision(DecisionRecord r)
    {
        if (r.Kind == DecisionKinds.Arming)
        {
            _dryRun = r.Action == "disarm";
            return;
        }

        if (r.Event is null || _options.OnAction.Count == 0 || !(r.Outcome is null || r.Outcome == Applied || r.Outcome == DryRun))
        {
            return;
        }

        var dryRun = DryRunOf(r);
        var self = Self;
        foreach (var command in _options.OnAction)
        {
            Run(r, command, dryRun, _options.Timeout).PipeTo(self);
        }
    }

    private void OnBeforeKill(BeforeKill before)
    {
        if (_options.PreKill.Count == 0)
        {
            Sender.Tell(PreKillDone.Instance);
            return;
        }

        var r = DecisionRecord.Of(before.Kill);
        var env = HookEnvironment.Of(r, before.Command, DryRunOf(r));
        var (self, valve) = (Self, Sender);
        Task.WhenAll(_options.PreKill.Select(c => HookCommand.RunAsync(c, env, _options.PreKillTimeout))).ContinueWith(
            done =>
            {
                foreach (var result in done.IsCompletedSuccessfully ? done.Result : [])
                {
                    self.Tell(result with { Command = $"pre-kill {result.Command}" });
                }

                valve.Tell(PreKillDone.Instance);
            },
            TaskScheduler.Default);
    }

    private bool DryRunOf(DecisionRecord r) => r.Outcome is null ? _dryRun : r.Outcome == DryRun;

    private static async Task<HookResult> Run(DecisionRecord r, string command, bool dryRun, TimeSpan timeout)
    {
        var commandLine = r.Process is { } p ? await ProcessCommandLine.ReadAsync(p).ConfigureAwait(false) : "";
        return await HookCommand.RunAsync(command, HookEnvironment.Of(r, commandLine, dryRun), timeout).ConfigureAwait(false);
    }

    private void Log(HookResult h)
    {
        var output = h.Output.Trim() + (h.OutputDropped > 0 ? $" … ({h.OutputDropped} more characters not logged)" : "");
        if (h.StartError is { } error)
        {
            _log.Warning("hook did not start: {0}: {1}", h.Command, error);
        }
        else if (h.TimedOut)
        {
            _log.Warning("hook killed after its timeout ({0:0.#} s): {1}; output: {2}", h.Took.TotalSeconds, h.Command, output);
        }
        else if (!h.Succeeded)
        {
            _log.Warning("hook failed with exit status {0}: {1}; output: {2}", h.ExitCode, h.Command, output);
        }
        else
        {
            _log.Info("hook ran in {0:0} ms: {1}{2}", h.Took.TotalMilliseconds, h.Command, output.Length == 0 ? "" : $"; output: {output}");
        }
    }
}
