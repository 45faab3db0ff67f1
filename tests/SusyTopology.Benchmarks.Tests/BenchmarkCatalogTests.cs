namespace SusyTopology.Benchmarks.Tests;

/// <summary>`make bench` passes the group names it was given, or none: the bare command must run every group.</summary>
public class BenchmarkCatalogTests
{
    [Fact]
    public void The_bare_command_selects_every_group_in_catalog_order()
    {
        Assert.Equal(BenchmarkCatalog.Groups.Select(g => g.Name), BenchmarkCatalog.Select([]).Select(g => g.Name));
        Assert.Equal(["learning", "scoring", "avro", "app"], BenchmarkCatalog.Groups.Select(g => g.Name));
    }

    [Fact]
    public void Named_groups_are_selected_whatever_their_case_and_options_are_not_group_names()
    {
        Assert.Equal(["learning", "app"], BenchmarkCatalog.Select(["APP", "--quick", "learning"]).Select(g => g.Name));
    }

    [Fact]
    public void An_unknown_group_is_an_error_that_lists_the_groups()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchmarkCatalog.Select(["streams"]));
        Assert.Contains("streams", error.Message);
        Assert.Contains("learning, scoring, avro, app", error.Message);
    }
}
