namespace Sanctum.Policy.Domain;

/// <summary>Machine pressure, ordered so that a larger value is worse.</summary>
public enum PressureLevel
{
    Green = 0,
    Yellow = 1,
    Orange = 2,
    Red = 3,
}

public static class PressureLevelExtensions
{
    public static PressureLevel Worst(PressureLevel a, PressureLevel b) => a >= b ? a : b;

    public static string ToWire(this PressureLevel level) => level switch
    {
        PressureLevel.Green => "GREEN",
        PressureLevel.Yellow => "YELLOW",
        PressureLevel.Orange => "ORANGE",
        _ => "RED",
    };
}
