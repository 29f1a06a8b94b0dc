using Sanctum.Ports;
namespace Sanctum.Os.Linux;

/// <summary>The fields of Linux <c>/proc/&lt;pid&gt;/status</c> the valve uses.</summary>
/// <param name="Name">The comm as the kernel prints it here: escaped (a newline shows as <c>\n</c>).</param>
/// <param name="VmRssKb">Null for kernel threads, which have no <c>VmRSS</c> line.</param>
/// <param name="Uid">The real uid (first of the four <c>Uid:</c> values).</param>
public sealed record ProcStatus(string Name, char State, long? VmRssKb, uint Uid);

/// <summary>Parses Linux <c>/proc/&lt;pid&gt;/status</c>.</summary>
public static class ProcStatusParser
{
    public const string Source = "/proc/<pid>/status";

    /// <summary>Name, State and Uid are required; VmRSS is optional; other keys are ignored.</summary>
    public static Parsed<ProcStatus> Parse(string text)
    {
        string? name = null;
        char? state = null;
        long? rssKb = null;
        uint? uid = null;
        foreach (var (number, line) in TextLines.Split(text))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var key = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            var seen = key switch
            {
                "Name" => name is not null,
                "State" => state is not null,
                "VmRSS" => rssKb is not null,
                "Uid" => uid is not null,
                _ => false,
            };
            if (seen)
                return Fail(number, $"duplicate key '{key}'", line);

            string? problem = null;
            switch (key)
            {
                case "Name":
                    // Not trimmed like the other values: a comm may end in spaces. The kernel writes "Name:\t%s".
                    name = line[(colon + 1)..] is ['\t', .. var comm] ? comm : value;
                    break;
                case "State":
                    // "S (sleeping)": one state letter, then the description.
                    if (value.Length == 0 || (value.Length > 1 && value[1] != ' '))
                        problem = $"State: expected 'X (description)', got '{value}'";
                    else
                        state = value[0];
                    break;
                case "VmRSS":
                    problem = TextLines.TryKb(value, out var kb) is { } kbProblem ? "VmRSS: " + kbProblem : null;
                    rssKb = kb;
                    break;
                case "Uid":
                    problem = ParseUid(value, out var real);
                    uid = real;
                    break;
            }

            if (problem is not null)
                return Fail(number, problem, line);
        }

        if (name is null)
            return Fail(0, "missing key 'Name'", null);
        if (state is not { } stateChar)
            return Fail(0, "missing key 'State'", null);
        if (uid is not { } realUid)
            return Fail(0, "missing key 'Uid'", null);
        return Parsed<ProcStatus>.Success(new ProcStatus(name, stateChar, rssKb, realUid));
    }

    private static string? ParseUid(string value, out uint real)
    {
        real = 0;
        var fields = TextLines.Fields(value);
        if (fields.Length != 4)
            return $"Uid: expected four ids, got '{value}'";
        if (TextLines.TryDigits(fields[0], out long wide) is { } problem)
            return "Uid: " + problem;
        if (wide > uint.MaxValue)
            return $"Uid: number out of range: '{fields[0]}'";
        real = (uint)wide;
        return null;
    }

    private static Parsed<ProcStatus> Fail(int line, string message, string? text) =>
        Parsed<ProcStatus>.Failure(new ParseError(Source, line, message, text));
}
