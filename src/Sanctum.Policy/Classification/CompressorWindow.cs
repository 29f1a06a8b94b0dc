using System.Collections.Immutable;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Classification;

/// <summary>The compressor readings of the last <c>window</c>, oldest first, for the leak-rate signal.</summary>
public sealed record CompressorWindow(TimeSpan Window, ImmutableQueue<(DateTimeOffset At, long Mb)> Points)
{
    public static CompressorWindow Empty(TimeSpan window) => new(window, ImmutableQueue<(DateTimeOffset, long)>.Empty);

    public CompressorWindow Add(PressureSample sample)
    {
        var points = Points.Enqueue((sample.At, sample.CompressorMb));
        while (!points.IsEmpty && sample.At - points.Peek().At > Window)
        {
            points = points.Dequeue();
        }

        return this with { Points = points };
    }

    /// <summary>Growth between the oldest and newest reading in the window; 0 until two readings span time.</summary>
    public double GrowthMbPerSecond
    {
        get
        {
            if (Points.IsEmpty)
            {
                return 0;
            }

            var oldest = Points.Peek();
            var newest = Points.Last();
            var seconds = (newest.At - oldest.At).TotalSeconds;
            return seconds <= 0 ? 0 : (newest.Mb - oldest.Mb) / seconds;
        }
    }
}
