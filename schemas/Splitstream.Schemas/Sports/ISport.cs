using Splitstream.Schemas.V1;

namespace Splitstream.Schemas.Sports;

/// <summary>
/// One sport of the registry (DESIGN §10): its wire name, whether devices track it by GPS, how a manual entry of it is
/// validated and which summary fields it fills. A new workout type is one class implementing this (usually by deriving
/// from <see cref="SportDefinition"/>); <see cref="SportRegistry"/> finds it by reflection.
/// </summary>
public interface ISport
{
    /// <summary>The wire name: <c>run</c>, <c>strength</c>…</summary>
    string Name { get; }

    /// <summary>Recorded by GPS (live telemetry, GPX/TCX/FIT tracks): the fold measures it, and it has distance boards.</summary>
    bool Tracked { get; }

    /// <summary>The problems of a manual entry of this sport, named by request field (<c>distance_m</c>, <c>exercises[0].sets[1].reps</c>).</summary>
    void Validate(ManualEntry entry, ICollection<SportFieldError> errors);

    /// <summary>Fills the summary of a manual entry (figures, notes, the sport's own fields) on a summary that has its identity set.</summary>
    void Summarize(ManualEntry entry, ActivitySummary summary);
}
