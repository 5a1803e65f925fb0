namespace ManifestGuard.Tests.Registry;

/// <summary>
/// The one open and one private registry that every <see cref="RegistryFixture"/> of a run hands to its collection:
/// started by the first collection that asks, stopped when the last one that holds them lets go (a collection
/// that starts later gets a fresh pair).
/// </summary>
internal static class SharedRegistries
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Task<RegistryFixture>? _host;
    private static int _holders;

    public static async Task<RegistryFixture> AcquireAsync()
    {
        Task<RegistryFixture> host;
        await Gate.WaitAsync();
        try
        {
            _host ??= StartAsync();
            _holders++;
            host = _host;
        }
        finally
        {
            Gate.Release();
        }
        return await host;
    }

    public static async Task ReleaseAsync()
    {
        Task<RegistryFixture>? last = null;
        await Gate.WaitAsync();
        try
        {
            if (--_holders == 0)
            {
                (last, _host) = (_host, null);
            }
        }
        finally
        {
            Gate.Release();
        }
        if (last is not null && last.IsCompletedSuccessfully)
        {
            last.Result.StopAndDelete();
        }
    }

    private static async Task<RegistryFixture> StartAsync()
    {
        var host = new RegistryFixture();
        try
        {
            await host.StartAndFillAsync();
            return host;
        }
        catch
        {
            host.StopAndDelete();
            throw;
        }
    }
}
