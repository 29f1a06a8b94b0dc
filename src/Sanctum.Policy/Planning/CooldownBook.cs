using System.Collections.Immutable;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Planning;

/// <summary>Per-(target, action) cooldowns: the original's 120 s before acting on the same pair again.</summary>
public sealed record CooldownBook(ImmutableDictionary<(string Target, string Action), DateTimeOffset> Until)
{
    public static CooldownBook Empty { get; } = new(ImmutableDictionary<(string, string), DateTimeOffset>.Empty);

    public bool IsCooling(string target, string action, DateTimeOffset now) =>
        Until.TryGetValue((target, action), out var until) && now < until;

    public TimeSpan Remaining(string target, string action, DateTimeOffset now) =>
        Until.TryGetValue((target, action), out var until) && now < until ? until - now : TimeSpan.Zero;

    public CooldownBook Start(string target, string action, DateTimeOffset now, TimeSpan cooldown) =>
        new(Prune(now).Until.SetItem((target, action), Later.Than(now, cooldown)));

    public CooldownBook Prune(DateTimeOffset now) =>
        Until.Values.Any(u => u <= now) ? new(Until.RemoveRange(Until.Where(kv => kv.Value <= now).Select(kv => kv.Key))) : this;
}
