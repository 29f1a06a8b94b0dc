using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;
using Xunit;

namespace Sanctum.Policy.Tests.Policy;

public sealed class ProcessPatternTests
{
    [Fact]
    public void APatternAskedForAgainIsTheMatcherBuiltTheFirstTime()
    {
        var first = ProcessPattern.TryCompile("^ollama( |$)", out var error);
        var again = ProcessPattern.TryCompile("^ollama( |$)", out var againError);

        Assert.NotNull(first);
        Assert.Same(first, again);
        Assert.Equal("", error);
        Assert.Equal("", againError);
        Assert.True(ProcessPattern.Matches(again!, new ProcRow(4242, 1, 1, "S", "ollama", "ollama serve")));
    }

    [Fact]
    public void AnUnusablePatternIsRefusedWithItsReasonEveryTime()
    {
        Assert.Null(ProcessPattern.TryCompile("(a)\\1", out var error));
        Assert.Null(ProcessPattern.TryCompile("(a)\\1", out var again));

        Assert.StartsWith("backreferences, lookarounds and atomic groups are not supported", error);
        Assert.Equal(error, again);
    }
}
