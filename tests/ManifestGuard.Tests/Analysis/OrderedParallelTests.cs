using ManifestGuard.Analysis;
using Xunit;

namespace ManifestGuard.Tests.Analysis;

public sealed class OrderedParallelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Results_keep_the_order_of_the_items_whatever_the_parallelism(int maxParallelism)
    {
        var items = Enumerable.Range(0, 200).ToList();

        // Later items finish first, so an order taken from completion would come out reversed.
        var results = OrderedParallel.Map(items, maxParallelism, i =>
        {
            Thread.SpinWait((200 - i) * 50);
            return i * 3;
        });

        Assert.Equal(items.Select(i => i * 3), results);
    }

    [Fact]
    public void Items_run_side_by_side_up_to_the_parallelism_asked()
    {
        var running = 0;
        var most = 0;
        using var together = new Barrier(2);

        OrderedParallel.Map(Enumerable.Range(0, 8).ToList(), 2, _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            // Two at a time meet here; a sequential map would wait for a partner that never comes.
            Assert.True(together.SignalAndWait(TimeSpan.FromSeconds(30)), "the items ran one at a time");
            Interlocked.Decrement(ref running);
            return 0;
        });

        Assert.Equal(2, most);
    }

    [Fact]
    public void One_item_runs_on_the_calling_thread()
    {
        var caller = Environment.CurrentManagedThreadId;

        var threads = OrderedParallel.Map([1], 0, _ => Environment.CurrentManagedThreadId);

        Assert.Equal([caller], threads);
    }

    [Fact]
    public void No_items_give_an_empty_list()
    {
        Assert.Empty(OrderedParallel.Map(Array.Empty<int>(), 0, i => i));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void An_exception_from_one_item_comes_out_as_it_was_thrown(int maxParallelism)
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => OrderedParallel.Map(
            Enumerable.Range(0, 10).ToList(),
            maxParallelism,
            i => i == 6 ? throw new InvalidOperationException("item 6") : i));

        Assert.Equal("item 6", thrown.Message);
    }

    [Fact]
    public void Exceptions_from_several_items_stay_together()
    {
        using var together = new Barrier(2);
        Func<int, int> fail = i =>
        {
            // Both items start before either throws: the loop would start no new item after a failure.
            together.SignalAndWait(TimeSpan.FromSeconds(30));
            throw new InvalidOperationException($"item {i}");
        };

        var thrown = Assert.Throws<AggregateException>(() => OrderedParallel.Map([0, 1], 2, fail));

        Assert.Equal(["item 0", "item 1"], thrown.InnerExceptions.Select(e => e.Message).Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target))
            && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
