namespace Splitstream.Ingest;

/// <summary>The states of an upload in <c>GET /v1/uploads/{id}</c> (DESIGN §10).</summary>
public static class UploadStatus
{
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Duplicate = "duplicate";
    public const string Error = "error";
}
