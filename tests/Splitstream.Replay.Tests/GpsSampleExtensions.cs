using System.Globalization;
using Splitstream.Schemas.V1;

namespace Splitstream.Replay.Tests;

/// <summary>Optional GPS fields from CSV cells (empty: absent).</summary>
internal static class GpsSampleExtensions
{
    public static GpsSample WithOptional(this GpsSample sample, string ele, string acc)
    {
        if (ele.Length > 0)
        {
            sample.Ele = double.Parse(ele, CultureInfo.InvariantCulture);
        }
        if (acc.Length > 0)
        {
            sample.Acc = double.Parse(acc, CultureInfo.InvariantCulture);
        }
        return sample;
    }
}
