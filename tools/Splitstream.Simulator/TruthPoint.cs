namespace Splitstream.Simulator;

/// <summary>One second of an athlete's noise-free path: where they really were.</summary>
/// <param name="TimeMs">Event time, epoch milliseconds.</param>
/// <param name="Position">The true position on the route.</param>
/// <param name="AlongM">Distance covered along the route since the start (pauses included, laps unwrapped).</param>
/// <param name="State">Moving, stopped, or inside an explicit pause.</param>
public readonly record struct TruthPoint(long TimeMs, RoutePoint Position, double AlongM, MotionState State);
