using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sanctum.Configuration;
using Sanctum.Os.Capture;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Policy.Text;
using Sanctum.Ports;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

/// <summary>What the guard sees now and what it would do, without a daemon: pressure, how it reads, the ranked table with verdicts, every unparsed line.</summary>
public sealed class DoctorCommand : Command<DoctorCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("One JSON document (design §8).")]
        public bool Json { get; init; }

        [CommandOption("--capture <DIR>")]
        [Description("Also write the raw inputs read into DIR, in the capture format of design §11.")]
        public string? Capture { get; init; }

        [CommandOption("--from <DIR>")]
        [Description("Read a capture folder instead of this host.")]
        public string? From { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("The configuration whose allowlist, denylist and criticals decide the verdicts; without it, the shipped defaults.")]
        public string? Config { get; init; }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.From is not null && settings.Capture is not null)
            return Fail("--from and --capture cannot be used together");
        var environment = Environment.GetEnvironmentVariables().Keys.OfType<string>().ToDictionary(k => k, Environment.GetEnvironmentVariable);
        var config = SanctumConfigLoader.Load(settings.Config, environment);
        if (!config.Ok)
            return Fail(string.Join("; ", config.Errors));

        HostReading reading;
        try
        {
            reading = settings.From is { } from
                ? HostCapture.ReadCapture(from)
                : HostCapture.ReadLive(settings.Capture, Console.Error.WriteLine);
        }
        catch (Exception e) when (e is CaptureException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return Fail(e.Message);
        }

        var report = DoctorReport.From(reading, config.Options!);
        if (settings.Json)
            Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
        else
            WriteTable(report);
        return ExitCodes.Ok;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sanctum doctor: {message}");
        return ExitCodes.InvalidInput;
    }

    private static void WriteTable(DoctorReport report)
    {
        var output = Console.Out;
        output.WriteLine($"{report.Os} ({report.Source}), reading: {report.Reading}");
        if (report.Pressure is { } p)
            output.WriteLine($"pressure {p.Level}: available {p.AvailableMb} MB, swap {p.SwapUsedMb}/{p.SwapTotalMb} MB, kernel level {p.KernelLevel}, compressor {p.CompressorMb} MB");
        else
            output.WriteLine("pressure: unreadable (see errors)");
        output.WriteLine();
        output.WriteLine($"{"PID",7} {"RSS MB",8} {"STATE",-5} {"VERDICT",-9} {"NAME",-24} WHY");
        foreach (var row in report.Processes)
            output.WriteLine($"{row.Pid,7} {row.RssMb,8} {row.State,-5} {row.Verdict,-9} {Cut(Printable.Of(row.Name), 24),-24} {row.Entry}{(row.Entry is null || row.Reason is null ? "" : ": ")}{Printable.Of(row.Reason)}");
        if (report.Errors.Count == 0)
            return;
        output.WriteLine();
        output.WriteLine($"{report.Errors.Count} input line(s) not understood:");
        foreach (var error in report.Errors)
            output.WriteLine($"  {error.Source}:{error.Line}: {error.Error}" + (error.Text is null ? "" : $" ({Cut(Printable.Of(error.Text), 80)})"));
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}

/// <summary>The doctor's contract (design §8).</summary>
internal sealed record DoctorReport(
    string Os,
    string Source,
    string Reading,
    DoctorPressure? Pressure,
    IReadOnlyList<DoctorProcess> Processes,
    IReadOnlyList<DoctorError> Errors)
{
    public static DoctorReport From(HostReading reading, SanctumOptions options)
    {
        var policy = PickerPolicy.Compile(options.Valve.Allowlist, options.Valve.Denylist, options.Sentinel.Criticals, []);
        var pressure = reading.Pressure is { } sample
            ? new DoctorPressure(
                sample.AvailableMb,
                sample.SwapUsedMb,
                sample.SwapTotalMb,
                sample.KernelLevel,
                sample.CompressorMb,
                Classifier.Classify(sample, CompressorWindow.Empty(options.Valve.CompressorLeak.Window), options.Valve.Thresholds, options.Valve.CompressorLeak).Level.ToString().ToUpperInvariant())
            : null;
        var ranked = Picker.Rank(reading.Processes, policy);
        var rank = ranked.Select((c, i) => (c.Row.Pid, i)).ToDictionary(x => x.Pid, x => x.i);
        var processes = reading.Processes
            .OrderBy(r => rank.GetValueOrDefault(r.Pid, int.MaxValue))
            .ThenByDescending(r => r.RssKb)
            .ThenBy(r => r.Pid)
            .Select(r => Verdicts.Of(r, policy))
            .ToArray();
        var errors = reading.Errors.Select(e => new DoctorError(e.Source, e.Line, e.Text, e.Message)).ToArray();
        return new DoctorReport(reading.Os, reading.Source, reading.Reading, pressure, processes, errors);
    }
}

internal sealed record DoctorPressure(long AvailableMb, long SwapUsedMb, long SwapTotalMb, int KernelLevel, long CompressorMb, string Level);

internal sealed record DoctorProcess(int Pid, long Start, string Name, string Command, long RssMb, string State, string Verdict, string? Entry, string? Reason);

internal sealed record DoctorError(string Source, int Line, string? Text, string Error);

/// <summary>Why the picker would or would not act on a row, in the picker's own order of rules.</summary>
internal static class Verdicts
{
    public static DoctorProcess Of(ProcRow row, PickerPolicy policy)
    {
        var entry = Picker.MatchEntry(row, policy);
        var critical = Picker.IsCritical(row, policy);
        var (verdict, reason) = Picker.DenialOf(row, policy) is { } denial ? ("denied", denial)
            : Picker.Classify(row, policy) is { } candidate ? (candidate.IsCritical ? "critical" : "candidate", Floors(candidate.Entry))
            : critical ? ("critical", "matches a sentinel critical; not on the allowlist")
            : row.IsStopped ? ("ignored", "stopped")
            : entry is null ? ("ignored", "no allowlist entry matches")
            : ("ignored", $"{row.RssMb} MB is below the stop floor of {entry.MinStopMb} MB");
        return new DoctorProcess(row.Pid, row.StartTime, row.Name, row.Command, row.RssMb, row.State, verdict, entry?.Name, reason);
    }

    private static string Floors(AllowlistEntry entry) =>
        $"{PolicyName(entry.Policy)}, stop at {entry.MinStopMb} MB" + (entry.MinKillMb is { } kill ? $", kill at {kill} MB" : "");

    private static string PolicyName(StopPolicy policy) => policy == StopPolicy.KillAllowed ? "kill-allowed" : "sigstop-only";

}
