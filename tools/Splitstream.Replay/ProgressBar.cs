using System.Diagnostics;
using System.Globalization;

namespace Splitstream.Replay;

/// <summary>
/// A one-line progress bar with rate and ETA, redrawn in place (carriage return) at most a few times a second, on
/// stderr so that stdout stays clean for piping.
/// </summary>
public sealed class ProgressBar(TextWriter output, string label, string unit = "records") : IProgressSink
{
    private const int Width = 30;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long lastDrawTicks = -1;

    public void Report(long done, long total)
    {
        var now = clock.ElapsedTicks;
        if (lastDrawTicks >= 0 && now - lastDrawTicks < Stopwatch.Frequency / 4 && done < total)
        {
            return;
        }
        lastDrawTicks = now;
        output.Write("\r" + Render(done, total, clock.Elapsed));
        output.Flush();
    }

    public void Complete(string summary)
    {
        output.WriteLine("\r" + summary.PadRight(Width + 60));
        output.Flush();
    }

    /// <summary>The bar's text: <c>label [#####.....]  45.0%  1,234/2,742 records  3,210/s  ETA 0:05</c>.</summary>
    public string Render(long done, long total, TimeSpan elapsed)
    {
        var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 1;
        var filled = (int)Math.Round(fraction * Width);
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var eta = rate > 0 && total > done ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,5:0.0}%  {done:N0}/{total:N0} {unit}  {rate:N0}/s  ETA {(int)eta.TotalMinutes}:{eta.Seconds:00}");
    }
}
