using System.Diagnostics.CodeAnalysis;
using Sanctum.Configuration.Hocon;

namespace Sanctum.Configuration;

/// <summary>Either the options or every error found; never both.</summary>
public sealed record ConfigLoadResult(SanctumOptions? Options, IReadOnlyList<ConfigError> Errors)
{
    [MemberNotNullWhen(true, nameof(Options))]
    public bool Ok => Options is not null;

    public static ConfigLoadResult Success(SanctumOptions options) => new(options, []);

    public static ConfigLoadResult Failure(IReadOnlyList<ConfigError> errors) => new(null, errors);
}
