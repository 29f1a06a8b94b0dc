namespace Sanctum.Os.Tests.Parsing;

/// <summary>Reads files from the Fixtures folder copied next to the test assembly.</summary>
internal static class Fixture
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));
}
