using System.Collections;

namespace Sanctum.Configuration;

public static class ProcessEnvironment
{
    /// <summary>This process's environment variables, for the <c>PRESSURE_VALVE_*</c> overrides of <see cref="SanctumConfigLoader"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Read() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
}
