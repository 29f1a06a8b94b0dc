using Akka.Hosting;
using Akka.Logger.Serilog;

namespace Sanctum.Daemon.Hosting;

public static class RuntimeHosting
{
    /// <summary>Akka logs through Serilog, and the daemon's shutdown and scheduler settings.</summary>
    public static AkkaConfigurationBuilder WithSanctumRuntime(this AkkaConfigurationBuilder builder) =>
        builder.ConfigureLoggers(l =>
            {
                l.LogLevel = Akka.Event.LogLevel.InfoLevel;
                l.ClearLoggers();
                l.AddLogger<SerilogLogger>();
            })
            // Thawing on stop runs in before-service-unbind: at most three 3 s asks in a row, so 10 s, within the host's 20 s.
            // The host's stop runs CoordinatedShutdown; the CLR exit hook would start a second, racing run.
            // The default 10 ms scheduler wheel wakes 100 times a second. The sampler has its own thread on Linux; the finest Akka timers
            // left are the 1 s scans from YELLOW on, so a 250 ms wheel (4 wake-ups a second) is precise enough.
            .AddHocon(
                """
                akka.coordinated-shutdown.phases.before-service-unbind.timeout = 10s
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                akka.scheduler.tick-duration = 250ms
                """,
                HoconAddMode.Prepend);
}
