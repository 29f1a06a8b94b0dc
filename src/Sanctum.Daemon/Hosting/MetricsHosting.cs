using Akka.Actor;
using Akka.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Daemon.Metrics;
using Sanctum.Ledger;
using Serilog;

namespace Sanctum.Daemon.Hosting;

public static class MetricsHosting
{
    /// <summary>
    /// <see cref="SanctumMeters"/> kept current by <c>/user/metrics</c>, served as Prometheus text at
    /// <c>http://&lt;metrics.prometheus&gt;/metrics</c> and pushed over OTLP (HTTP/protobuf) to <c>metrics.otlp</c> every tick.
    /// With both empty, nothing: no meter, no actor, no listener, no thread.
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumMetrics(this AkkaConfigurationBuilder builder, MetricsOptions options, TimeSpan tick)
    {
        if (options.Prometheus.Length == 0 && options.Otlp.Length == 0)
        {
            return builder;
        }

        return builder.AddStartup(async (system, registry) =>
        {
            var meters = new SanctumMeters();
            var provider = Exporters(options, tick);
            var metrics = system.ActorOf(MetricsActor.Props(meters, await registry.GetAsync<ValveActor>(), await registry.GetAsync<LedgerSupervisor>(), tick), MetricsActor.Name);
            foreach (var topic in MetricsActor.Topics)
            {
                system.EventStream.Subscribe(metrics, topic);
            }

            _ = system.WhenTerminated.ContinueWith(
                _ =>
                {
                    provider?.Dispose();
                    meters.Dispose();
                },
                TaskScheduler.Default);
        });
    }

    private static MeterProvider? Exporters(MetricsOptions options, TimeSpan tick)
    {
        var provider = Sdk.CreateMeterProviderBuilder().AddMeter(SanctumMeters.MeterName);
        if (LoopbackEndpoint.TryParse(options.Prometheus, out var prometheus))
        {
            provider.AddPrometheusHttpListener(o =>
            {
                o.Host = prometheus.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{prometheus.Address}]" : prometheus.Address.ToString();
                o.Port = prometheus.Port;
            });
        }

        if (options.Otlp.Length > 0)
        {
            var endpoint = new Uri(options.Otlp);
            provider.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = endpoint.AbsolutePath == "/" ? new Uri(endpoint, "v1/metrics") : endpoint;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)Math.Max(1000, tick.TotalMilliseconds);
            });
        }

        try
        {
            var built = provider.Build();
            Log.Information("metrics: {Prometheus}{Otlp}",
                options.Prometheus.Length > 0 ? $"Prometheus text at http://{options.Prometheus}/metrics " : "",
                options.Otlp.Length > 0 ? $"OTLP pushed to {options.Otlp}" : "");
            return built;
        }
        catch (Exception e) when (e is System.Net.HttpListenerException or InvalidOperationException)
        {
            Log.Error("metrics: not exported ({Problem}); the guard runs on without them", e.Message);
            return null;
        }
    }
}
