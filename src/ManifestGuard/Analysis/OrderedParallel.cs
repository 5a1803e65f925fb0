using System.Runtime.ExceptionServices;

namespace ManifestGuard.Analysis;

/// <summary>
/// Maps a list in parallel and keeps its order: how the scan reads, renders and checks files side by side.
/// Not PLINQ: its operators are generic virtual methods that a native build instantiates at run time, which
/// cost a check of one file a tenth of its start-up. A list of one item runs on the calling thread, without
/// starting the thread pool. An exception from one item is rethrown as it was thrown.
/// </summary>
internal static class OrderedParallel
{
    /// <param name="items">What to map.</param>
    /// <param name="maxParallelism">How many items at once; 0 or less for one per processor.</param>
    /// <param name="map">The work for one item.</param>
    public static List<TResult> Map<TSource, TResult>(
        IReadOnlyList<TSource> items, int maxParallelism, Func<TSource, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(map);
        var results = new TResult[items.Count];
        var parallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount;
        if (items.Count <= 1 || parallelism == 1)
        {
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = map(items[i]);
            }
            return [.. results];
        }
        try
        {
            Parallel.For(
                0,
                items.Count,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism },
                i => results[i] = map(items[i]));
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(aggregate.InnerExceptions[0]);
        }
        return [.. results];
    }
}
