using System.Net;

namespace Sanctum.Configuration;

/// <summary>A <c>host:port</c> whose host is a loopback address (<c>127.0.0.1</c>, <c>[::1]</c>, <c>localhost</c>): where metrics may be served.</summary>
public static class LoopbackEndpoint
{
    public static bool TryParse(string value, out IPEndPoint endpoint)
    {
        endpoint = null!;
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out var port) || port is <= 0 or > 65535)
        {
            return false;
        }

        var host = value[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null || !IPAddress.IsLoopback(address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
