namespace ManifestGuard.Reporting;

/// <summary>Writes a report in one format.</summary>
internal interface IReportWriter
{
    void Write(ScanReport report, TextWriter output);
}
