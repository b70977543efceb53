namespace Splitstream.Schemas.Sports;

/// <summary>Yoga, logged by hand: a duration and notes, no distance.</summary>
public sealed class YogaSport : SportDefinition
{
    public override string Name => "yoga";

    protected override bool HasDistance => false;
}
