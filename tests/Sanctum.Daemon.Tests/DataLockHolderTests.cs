using Xunit;

namespace Sanctum.Daemon.Tests;

public sealed class DataLockHolderTests
{
    [Theory]
    [InlineData("sanctumd\0--armed\0", true)]
    [InlineData("/home/ada/.local/lib/sanctum/sanctumd\0", true)]
    [InlineData("dotnet\0/src/Sanctum.Daemon/bin/Debug/net10.0/sanctumd.dll\0--data-dir\0/tmp/d\0", true)]
    [InlineData("/home/ada/.local/lib/sanctum/sanctum\0deadman\0", false)]
    [InlineData("dotnet\0testhost.dll\0sanctumd\0", false)]
    [InlineData("sanctumd-backup\0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ASanctumdIsTheProgramOrTheDllItsHostRuns(string? cmdline, bool expected) =>
        Assert.Equal(expected, DataLockHolder.IsSanctumd(cmdline));
}
