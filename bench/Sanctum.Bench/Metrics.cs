using System.Globalization;

namespace Sanctum.Bench;

/// <summary>Collects the <c>name: value unit</c> lines and prints them together at the end of a run.</summary>
internal sealed class Metrics
{
    private readonly List<string> _lines = [];

    public void Add(string name, double value, string? unit = null)
    {
        var text = value.ToString(value >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);
        _lines.Add(unit is null ? $"{name}: {text}" : $"{name}: {text} {unit}");
    }

    public void Print(TextWriter writer)
    {
        writer.WriteLine();
        writer.WriteLine("== results ==");
        foreach (var line in _lines)
        {
            writer.WriteLine(line);
        }
    }
}
