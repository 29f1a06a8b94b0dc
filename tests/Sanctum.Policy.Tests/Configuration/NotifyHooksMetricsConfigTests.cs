using Sanctum.Configuration;
using Xunit;

namespace Sanctum.Policy.Tests.Configuration;

public sealed class NotifyHooksMetricsConfigTests
{
    private static readonly Dictionary<string, string?> NoEnv = [];

    [Fact]
    public void TheDefaultsNotifyTheDesktopAndRunNoHookAndExportNoMetrics()
    {
        var o = SanctumConfigLoader.Load(null, NoEnv).Options!;

        Assert.Equal((true, TimeSpan.FromSeconds(60)), (o.Notify.Desktop, o.Notify.MinInterval));
        Assert.Equal(["freeze", "kill", "shed", "alert"], o.Notify.On);
        Assert.Empty(o.Hooks.OnAction);
        Assert.Empty(o.Hooks.PreKill);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (o.Hooks.Timeout, o.Hooks.PreKillTimeout));
        Assert.Equal(MetricsOptions.Off, o.Metrics);
    }

    [Theory]
    [InlineData("127.0.0.1:9477")]
    [InlineData("[::1]:9477")]
    [InlineData("localhost:9477")]
    public void ALoopbackPrometheusAddressIsTaken(string address) =>
        Assert.Equal(address, Load($"sanctum.metrics.prometheus = \"{address}\"").Options!.Metrics.Prometheus);

    [Theory]
    [InlineData("0.0.0.0:9477")]
    [InlineData("192.168.1.5:9477")]
    [InlineData("metrics.example.org:9477")]
    [InlineData("127.0.0.1")]
    public void ANonLoopbackPrometheusAddressIsRefusedWithItsKeyAndLine(string address)
    {
        var error = Assert.Single(Load($"sanctum {{\n  metrics {{\n    prometheus = \"{address}\"\n  }}\n}}").Errors);
        Assert.StartsWith("sanctum.metrics.prometheus: must be empty or a loopback host:port", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("(user.conf line 3)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEventThatDoesNotExistCannotNotify() =>
        Assert.Contains("must be one of freeze, thaw, kill, shed, alert", Assert.Single(Load("sanctum.notify.on = [ freeze, reboot ]").Errors).ToString(), StringComparison.Ordinal);

    private static ConfigLoadResult Load(string text) => SanctumConfigLoader.LoadFromText(text, "user.conf", NoEnv);
}
