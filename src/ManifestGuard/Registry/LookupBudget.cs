using System.Diagnostics;

namespace ManifestGuard.Registry;

/// <summary>
/// The time one registry question may take, retries, token requests and waits for a free connection
/// included: the `--timeout` a user gives. Its token ends every request of the question when time is up.
/// </summary>
internal sealed class LookupBudget : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _attempts;

    public LookupBudget(TimeSpan bound, CancellationToken cancellationToken)
    {
        Bound = bound;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _source.CancelAfter(bound);
        CallerToken = cancellationToken;
    }

    public TimeSpan Bound { get; }

    public CancellationToken Token => _source.Token;

    /// <summary>The token of whoever asked: when it fires, the run is being cancelled, not timed out.</summary>
    public CancellationToken CallerToken { get; }

    /// <summary>Requests sent for this question so far (token requests included).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The authority last contacted, for the message when time runs out.</summary>
    public string? LastAuthority { get; set; }

    public bool Expired => _source.IsCancellationRequested && !CallerToken.IsCancellationRequested;

    public TimeSpan Remaining => Bound - _clock.Elapsed;

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Whether waiting this long still leaves time for another request.</summary>
    public bool Allows(TimeSpan wait) => wait < Remaining;

    public string DescribeTimeout(string fallbackAuthority) =>
        $"no answer from {LastAuthority ?? fallbackAuthority} within the timeout of {Seconds(Bound)} s "
        + $"({Attempts} request(s) tried); raise --timeout (or registries.timeout) to wait longer";

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _source.Dispose();
}
