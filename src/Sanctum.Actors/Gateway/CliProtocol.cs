namespace Sanctum.Actors.Gateway;

/// <summary>One request of the <c>sanctum</c> client, parsed by <see cref="CliRequestParser"/>.</summary>
public abstract record CliRequest;

public sealed record StatusRequest : CliRequest;

public sealed record ActorsRequest : CliRequest;

public sealed record PsRequest(bool All) : CliRequest;

public sealed record WhyRequest(int Pid) : CliRequest;

public sealed record HistoryRequest(TimeSpan? Since) : CliRequest;

public sealed record ThawRequest(int Pid) : CliRequest;

/// <param name="Armed">True for <c>arm</c> (dry-run off), false for <c>disarm</c>.</param>
public sealed record ArmRequest(bool Armed) : CliRequest;

/// <summary>The gateway's answer: <see cref="Data"/> (one of the views of <see cref="CliJson"/>) or <see cref="Error"/>.</summary>
public sealed record CliReply(object? Data, string? Error)
{
    public bool Ok => Error is null;

    public static CliReply Success(object data) => new(data, null);

    public static CliReply Failure(string error) => new(null, error);
}

/// <summary>Decisions about one pid (<paramref name="Pid"/>) or all of them, at or after <paramref name="Since"/>, oldest first.</summary>
public sealed record QueryDecisions(int? Pid, DateTimeOffset? Since);

public sealed record DecisionsFound(IReadOnlyList<DecisionView> Decisions);

/// <summary>Decisions from before this run (the ledger's journal), oldest first; they go in front of the ones recorded since.</summary>
public sealed record SeedDecisions(IReadOnlyList<DecisionView> Earlier);
