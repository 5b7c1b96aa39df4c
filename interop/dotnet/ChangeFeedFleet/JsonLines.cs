// One JSON object per line on stdout, written whole under a lock so lines of concurrent leases never interleave.
using System.Text;
using System.Text.Json;

internal sealed class JsonLines
{
    private readonly Stream stream;
    private readonly object gate = new();

    public JsonLines(Stream stream) => this.stream = stream;

    public void Event(string name, string? lease, string? message = null) =>
        this.Write(w =>
        {
            w.WriteString("event", name);
            if (lease is not null) w.WriteString("lease", lease);
            if (message is not null) w.WriteString("message", message);
            w.WriteNumber("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        });

    public void Change(string lease, JsonElement doc, long at) =>
        this.Write(w =>
        {
            w.WriteString("event", "change");
            w.WriteString("lease", lease);
            w.WriteString("id", doc.GetProperty("id").GetString());
            if (doc.TryGetProperty("_lsn", out var lsn)) w.WriteNumber("lsn", lsn.GetInt64());
            if (doc.TryGetProperty("sentAt", out var written)) w.WriteNumber("sentAt", written.GetDouble());
            w.WriteNumber("at", at);
        });

    /// <summary>A page as one line: its size, and the writers' timestamps when the changes carry them.</summary>
    public void Batch(string lease, JsonElement documents, long at) =>
        this.Write(w =>
        {
            w.WriteString("event", "batch");
            w.WriteString("lease", lease);
            w.WriteNumber("count", documents.GetArrayLength());
            w.WriteStartArray("sentAt");
            foreach (var doc in documents.EnumerateArray())
                if (doc.TryGetProperty("sentAt", out var written)) w.WriteNumberValue(written.GetDouble());
            w.WriteEndArray();
            w.WriteNumber("at", at);
        });

    public void Flush()
    {
        lock (this.gate) this.stream.Flush();
    }

    private void Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        lock (this.gate)
        {
            buffer.Position = 0;
            buffer.CopyTo(this.stream);
            this.stream.Flush();
        }
    }
}
