using System.Globalization;

namespace Sanctum.Policy.Decisions;

/// <summary>How a time reads in the audit trail (decision reasons, journal notes): ISO 8601 in UTC, whatever the host's zone.</summary>
public static class AuditTime
{
    public static string Format(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
