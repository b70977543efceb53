namespace Splitstream.Ingest;

/// <summary>The points of an uploaded GPX or TCX file, the sport it declares (if any), or why it was refused.</summary>
public sealed record ParsedTrack(List<IncomingSample> Samples, string? Sport, IReadOnlyList<FieldError> Errors, bool TooManyPoints)
{
    public bool IsValid => Errors.Count == 0 && !TooManyPoints;
}
