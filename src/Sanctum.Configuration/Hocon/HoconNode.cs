using System.Diagnostics.CodeAnalysis;

namespace Sanctum.Configuration.Hocon;

/// <summary>A parsed value, with the file and line it came from and its dotted key path ("" for a root).</summary>
public abstract record HoconNode(string File, int Line, string Path)
{
    /// <summary>How the value reads in an error message: <c>"text"</c>, <c>null</c>, <c>an object</c> or <c>a list</c>.</summary>
    public abstract string Describe();
}

public sealed record HoconField(string Key, HoconNode Value);

/// <summary>An object; fields keep their first-appearance order, and each key appears once.</summary>
public sealed record HoconObject(string File, int Line, string Path, IReadOnlyList<HoconField> Fields)
    : HoconNode(File, Line, Path)
{
    public IEnumerable<string> Keys => Fields.Select(f => f.Key);

    public bool TryGet(string key, [NotNullWhen(true)] out HoconNode? value)
    {
        foreach (var field in Fields)
        {
            if (field.Key == key)
            {
                value = field.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Layers this object over <paramref name="fallback"/>: objects under the same key merge recursively, anything
    /// else from this object wins. Every node keeps the file and line it was parsed from.
    /// </summary>
    public HoconObject MergeOver(HoconObject fallback)
    {
        var mine = new Dictionary<string, HoconNode>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            mine[field.Key] = field.Value;
        }

        var merged = new List<HoconField>(fallback.Fields.Count + Fields.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fallback.Fields)
        {
            seen.Add(field.Key);
            merged.Add(mine.TryGetValue(field.Key, out var over) ? new HoconField(field.Key, Combine(over, field.Value)) : field);
        }

        merged.AddRange(Fields.Where(f => !seen.Contains(f.Key)));
        return this with { Fields = merged };
    }

    public override string Describe() => "an object";

    private static HoconNode Combine(HoconNode over, HoconNode fallback) =>
        over is HoconObject o && fallback is HoconObject f ? o.MergeOver(f) : over;
}

public sealed record HoconArray(string File, int Line, string Path, IReadOnlyList<HoconNode> Items)
    : HoconNode(File, Line, Path)
{
    public override string Describe() => "a list";
}

/// <summary>A string, number, boolean or null, kept as written; <see cref="HoconReader"/> gives it a type.</summary>
public sealed record HoconScalar(string File, int Line, string Path, string Raw, bool Quoted)
    : HoconNode(File, Line, Path)
{
    public bool IsNull => !Quoted && Raw == "null";

    public override string Describe() => IsNull ? "null" : $"\"{(Raw.Length <= 60 ? Raw : Raw[..60] + "…")}\"";
}
