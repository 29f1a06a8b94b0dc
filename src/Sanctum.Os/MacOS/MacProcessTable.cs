using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>The process table from one <c>ps</c> run per read (<see cref="MacPsParser"/>), start times included.</summary>
public sealed class MacProcessTable(ICommandRunner runner) : IProcessTablePort
{
    public const string Description = "ps (one fork per scan)";

    public string Reading => Description;

    public ParsedTable<ProcRow> Read()
    {
        var table = runner.Run(MacCommands.Ps, MacPsParser.Arguments, MacCommands.Timeout);
        return table.Succeeded
            ? MacPsParser.Parse(table.Output)
            : new ParsedTable<ProcRow>([], [new ParseError(MacPsParser.Source, 0, table.ToString())]);
    }
}
