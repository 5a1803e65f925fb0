using System.Collections.Concurrent;

namespace ManifestGuard.Registry;

/// <summary>
/// Tokens per realm, service and scope, fetched once however many questions share a repository. A fetch
/// belongs to no single caller: it runs on the client's lifetime (a caller that gives up stops waiting,
/// not the fetch others wait for), and a failed fetch leaves the cache so the next question tries again.
/// Lives for one client, that is one run.
/// </summary>
internal sealed class TokenCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string key, Func<Task<string>> fetch, CancellationToken waitToken)
    {
        var entry = _tokens.GetOrAdd(key, _ =>
        {
            Lazy<Task<string>>? created = null;
            created = new Lazy<Task<string>>(() => FetchOrForget(key, fetch, created!));
            return created;
        });
        return await entry.Value.WaitAsync(waitToken).ConfigureAwait(false);
    }

    /// <summary>Drops a token the registry refused (expired, or scoped for less).</summary>
    public void Forget(string key) => _tokens.TryRemove(key, out _);

    private async Task<string> FetchOrForget(string key, Func<Task<string>> fetch, Lazy<Task<string>> entry)
    {
        try
        {
            return await fetch().ConfigureAwait(false);
        }
        catch
        {
            // Only this fetch's entry goes: one added meanwhile by a later question stays.
            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, entry));
            throw;
        }
    }
}
