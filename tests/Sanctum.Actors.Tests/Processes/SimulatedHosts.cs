using Sanctum.Replay;

namespace Sanctum.Actors.Tests.Processes;

internal static class SimulatedHosts
{
    public static ScenarioProcess Process(int pid, string name, long rssMb = 5_000, string state = "S", string? command = null) =>
        new(pid, 0, name, command ?? name, rssMb, state, TimeSpan.Zero, null, rssMb);

    public static SimulatedHost With(Func<DateTimeOffset> clock, params ScenarioProcess[] processes) =>
        new(new Scenario("test", TimeSpan.FromHours(1), 65_536, 32_768, processes, [], [], []), clock);
}
