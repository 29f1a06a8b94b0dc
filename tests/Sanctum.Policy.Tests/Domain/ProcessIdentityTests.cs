using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Policy.Tests.Domain;

public sealed class ProcessIdentityTests
{
    [Theory]
    [InlineData(1, 0L)]
    [InlineData(23424, 1087784L)]
    [InlineData(int.MaxValue, long.MaxValue)]
    public void ReadsBackWhatItWrites(int pid, long start)
    {
        var written = new ProcessIdentity(pid, start).ToString();

        Assert.True(ProcessIdentity.TryParse(written, out var read));
        Assert.Equal(new ProcessIdentity(pid, start), read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("com.sanctum.memory-vault")]
    [InlineData("12-x")]
    [InlineData("-5")]
    [InlineData("12-")]
    [InlineData("12")]
    public void AnythingElseIsNotAnIdentity(string text) => Assert.False(ProcessIdentity.TryParse(text, out _));
}
