using System.Diagnostics;
using System.Reflection;
using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Cli.Tests;

public sealed record ClientRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built <c>sanctum</c> client (src/Sanctum.Cli/bin/&lt;configuration&gt;/net10.0/sanctum.dll) as a black box.</summary>
internal static class BuiltClient
{
    private static readonly string Dll = Locate();

    /// <summary>The folder the built client lives in (copy it to run the client from elsewhere).</summary>
    public static string Folder => Path.GetDirectoryName(Dll)!;

    public static Task<ClientRun> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        return RunAsync(start, args);
    }

    /// <summary>The client at <paramref name="dll"/> (a copy of the build) with these environment variables set.</summary>
    public static Task<ClientRun> RunAsync(string dll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return RunAsync(start, args);
    }

    /// <summary>
    /// The client as another user (root only, through <c>setpriv</c>), run from a world-readable copy of its build
    /// output: the checkout may sit under a folder only root can enter.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static async Task<ClientRun> RunAsUserAsync(int uid, params string[] args)
    {
        var copy = Directory.CreateTempSubdirectory("sanctum-client-");
        try
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Dll)!))
            {
                var target = Path.Combine(copy.FullName, Path.GetFileName(file));
                File.Copy(file, target);
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.SetUnixFileMode(copy.FullName, Sandbox.WorldReadableFolder);
            var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", "dotnet", Path.Combine(copy.FullName, Path.GetFileName(Dll)) })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["HOME"] = copy.FullName;
            start.Environment["DOTNET_CLI_HOME"] = copy.FullName;
            return await RunAsync(start, args);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static async Task<ClientRun> RunAsync(ProcessStartInfo start, string[] args)
    {
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ClientRun(process.ExitCode, await stdout, await stderr);
    }

    public static string Scenario(string file) => Path.Combine(AppContext.BaseDirectory, "scenarios", file);

    private static string Locate()
    {
        var configuration = typeof(BuiltClient).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Sanctum.Cli", "bin", configuration, "net10.0", "sanctum.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("the built sanctum client was not found; build the solution first");
    }
}
