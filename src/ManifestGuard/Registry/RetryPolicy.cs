using System.Net;

namespace ManifestGuard.Registry;

/// <summary>
/// Retries 5xx, 429 (waiting what Retry-After asks, capped) and network failures with exponential backoff,
/// never past the question's budget: a retry that could not finish in time is not started.
/// </summary>
internal sealed class RetryPolicy(RegistryClientOptions options)
{
    public static bool IsRetryable(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    public async Task<RegistryResponse> SendAsync(Func<Task<RegistryResponse>> send, LookupBudget budget)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                var response = await send().ConfigureAwait(false);
                if (!IsRetryable(response.StatusCode) || attempt >= options.MaxAttempts)
                {
                    return response;
                }
                wait = Cap(RetryAfter(response) ?? Backoff(attempt));
                if (!budget.Allows(wait))
                {
                    return response;
                }
            }
            catch (RegistryFailure failure)
                when (failure.Retryable && attempt < options.MaxAttempts && budget.Allows(Cap(Backoff(attempt))))
            {
                wait = Cap(Backoff(attempt));
            }
            await options.Delay(wait, budget.Token).ConfigureAwait(false);
        }
    }

    private TimeSpan Cap(TimeSpan wait) => wait < options.MaxRetryDelay ? wait : options.MaxRetryDelay;

    private TimeSpan Backoff(int attempt) => options.RetryBaseDelay * Math.Pow(2, attempt - 1);

    private static TimeSpan? RetryAfter(RegistryResponse response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }
        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
