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

    /// <summary>Several values on one line, e.g. <c>name: 7200 9500 ms (p50 p95, sanctumd, 200 MB/s)</c>.</summary>
    public void Add(string name, IReadOnlyList<double> values, string unit, string? note = null)
    {
        var text = string.Join(' ', values.Select(v => v.ToString(v >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture)));
        _lines.Add(note is null ? $"{name}: {text} {unit}" : $"{name}: {text} {unit} ({note})");
    }

    /// <summary>A figure that could not be measured on this machine, e.g. <c>name: n/a (earlyoom not installed)</c>.</summary>
    public void NotAvailable(string name, string why) => _lines.Add($"{name}: n/a ({why})");

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
