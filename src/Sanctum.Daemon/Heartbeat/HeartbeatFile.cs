namespace Sanctum.Daemon.Heartbeat;

/// <summary>Writes the heartbeat (<see cref="Ledger.Heartbeat.FileName"/>, read by the deadman) so a reader never sees half a file: write a temp file beside it, then rename over.</summary>
public static class HeartbeatFile
{
    public static void Write(string path, HeartbeatDocument document)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, document.ToJson());
        File.Move(temp, path, overwrite: true);
    }
}
