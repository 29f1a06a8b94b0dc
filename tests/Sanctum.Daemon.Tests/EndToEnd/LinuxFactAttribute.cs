using Xunit;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>A fact that needs Linux: it reads /proc and signals real processes.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux (/proc and real signals)";
        }
    }
}
