using Xunit;

namespace Sanctum.Tests.Shared.EndToEnd;

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

/// <summary>A Linux fact that acts as another user: it needs root and <c>setpriv</c> (CI runs as root).</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"))
        {
            Skip = "needs root on Linux with setpriv (acts as another user)";
        }
    }
}
