namespace Splitstream.Ingest;

/// <summary>The result of reading a batch body: the batch, the field errors (400), or "too many samples" (413).</summary>
public sealed class ParseOutcome
{
    private ParseOutcome(SampleBatch? batch, IReadOnlyList<FieldError> errors, bool tooManySamples, long? seq)
    {
        Batch = batch;
        Errors = errors;
        TooManySamples = tooManySamples;
        Seq = seq;
    }

    public SampleBatch? Batch { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool TooManySamples { get; }

    /// <summary>The envelope's sequence number when it could be read, even if the batch itself was invalid.</summary>
    public long? Seq { get; }

    public static ParseOutcome Parsed(SampleBatch batch) => new(batch, [], false, batch.Seq);

    public static ParseOutcome Invalid(IReadOnlyList<FieldError> errors, long? seq = null) => new(null, errors, false, seq);

    public static ParseOutcome TooMany(long? seq = null) => new(null, [], true, seq);
}
