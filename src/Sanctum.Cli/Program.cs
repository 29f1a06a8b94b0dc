namespace Sanctum.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("sanctum: not wired yet");
        return args.Length == 0 ? 0 : 0;
    }
}
