using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>
/// The process table from two <c>ps</c> runs: the table itself (<see cref="MacPsParser"/>) and the start times
/// (<see cref="PsStartTimeParser"/>), joined by pid. A row whose pid has no start time (it started between the
/// two runs) is skipped with an error rather than given a made-up identity.
/// </summary>
public sealed class MacProcessTable(ICommandRunner runner) : IProcessTablePort
{
    public ParsedTable<ProcRow> Read()
    {
        var table = runner.Run(MacCommands.Ps, ["-axo", "pid=,rss=,state=,comm=,command="], MacCommands.Timeout);
        if (!table.Succeeded)
            return new ParsedTable<ProcRow>([], [new ParseError(MacPsParser.Source, 0, table.ToString())]);
        var starts = runner.Run(MacCommands.Env, MacCommands.LstartArgs("-axo", "pid=,lstart="), MacCommands.Timeout);
        if (!starts.Succeeded)
            return new ParsedTable<ProcRow>([], [new ParseError(PsStartTimeParser.Source, 0, starts.ToString())]);

        var parsed = MacPsParser.Parse(table.Output);
        var (startTimes, errors) = PsStartTimeParser.ParseTable(starts.Output);
        errors.AddRange(parsed.Errors);
        var rows = new List<ProcRow>(parsed.Rows.Count);
        foreach (var row in parsed.Rows)
        {
            if (startTimes.TryGetValue(row.Pid, out var start))
                rows.Add(row with { StartTime = start });
            else
                errors.Add(new ParseError(PsStartTimeParser.Source, 0, $"no start time for pid {row.Pid} ({row.Name})"));
        }

        return new ParsedTable<ProcRow>(rows, errors);
    }
}
