using SusyTopology.Dashboard.Aggregation;
using SusyTopology.Learning.Metrics;

namespace SusyTopology.Dashboard.Tests;

public class GroupedQualityTests
{
    [Fact]
    public void Each_group_has_the_learning_library_accuracy_and_exact_auc_of_its_predictions()
    {
        var random = new Random(7);
        var pairs = Enumerable.Range(0, 600).Select(i => (Key: (long)(i % 3), Label: random.Next(2), P: random.NextDouble())).ToList();
        var grouped = new GroupedQuality();
        foreach (var (key, label, p) in pairs) grouped.Add(key, label, p);

        var points = grouped.Points();
        Assert.Equal([0L, 1, 2], points.Select(p => p.Key));
        foreach (var point in points)
        {
            var accuracy = new Accuracy();
            var auc = new RocAuc();
            foreach (var (_, label, p) in pairs.Where(x => x.Key == point.Key))
            {
                accuracy.Update(label, p);
                auc.Update(label, p);
            }
            Assert.Equal(200, point.Count);
            Assert.Equal(accuracy.Value, point.Accuracy);
            Assert.Equal(auc.Value, point.Auc);
        }
    }

    [Fact]
    public void A_group_of_one_class_has_no_auc()
    {
        var grouped = new GroupedQuality();
        grouped.Add(10, 1, 0.9);
        grouped.Add(10, 1, 0.2);
        var point = Assert.Single(grouped.Points());
        Assert.Equal(0.5, point.Accuracy);
        Assert.Null(point.Auc);
    }

    [Fact]
    public void Old_groups_freeze_and_the_oldest_are_dropped_so_memory_stays_bounded()
    {
        var grouped = new GroupedQuality(maxGroups: 4, openGroups: 2);
        for (long key = 0; key < 6; key++) grouped.Add(key, 1, 0.9);
        Assert.Equal([2L, 3, 4, 5], grouped.Points().Select(p => p.Key));

        grouped.Add(3, 0, 0.9); // frozen: too late to count
        grouped.Add(0, 0, 0.1); // dropped long ago
        grouped.Add(4, 0, 0.1); // still open
        Assert.Equal(2, grouped.Late);
        Assert.Equal(1, grouped.Points().Single(p => p.Key == 3).Count);
        Assert.Equal(2, grouped.Points().Single(p => p.Key == 4).Count);
    }
}
