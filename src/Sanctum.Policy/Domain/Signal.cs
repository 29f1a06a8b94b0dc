namespace Sanctum.Policy.Domain;

public enum Signal
{
    Stop,
    Continue,
    Kill,
}

public static class SignalNames
{
    public static string ToWire(this Signal signal) => signal switch
    {
        Signal.Stop => "SIGSTOP",
        Signal.Continue => "SIGCONT",
        _ => "SIGKILL",
    };
}

/// <summary>What happened to a signal at the OS boundary.</summary>
public enum Delivery
{
    Delivered,

    /// <summary>No process with that identity any more (exited, or the pid now belongs to another start time).</summary>
    Gone,

    NotPermitted,
    Failed,
}
