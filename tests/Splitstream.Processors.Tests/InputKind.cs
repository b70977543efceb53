namespace Splitstream.Processors.Tests;

internal enum InputKind
{
    Events,
    Gps,
    HeartRate,
}
