using SusyTopology.App.Commands;
using SusyTopology.App.Inspection;

namespace SusyTopology.App.Tests.Inspection;

public sealed class TailCommandLineTests
{
    [Fact]
    public void Every_option_reaches_the_tail_settings()
    {
        var tail = new TailCommand();
        var parsed = tail.Build().Parse("susy-predictions --from-beginning --max 3 --timeout 2.5 --print-key --metadata --full-bytes");

        Assert.Empty(parsed.Errors);
        Assert.Equal(new TailSettings
        {
            Topic = "susy-predictions",
            FromBeginning = true,
            Max = 3,
            Timeout = TimeSpan.FromSeconds(2.5),
            Format = new TailFormat { PrintKey = true, PrintMetadata = true, FullBytes = true },
        }, tail.Settings(parsed));
    }

    [Fact]
    public void Defaults_follow_new_records_without_limit()
    {
        var tail = new TailCommand();
        var settings = tail.Settings(tail.Build().Parse("susy-accuracy"));
        Assert.Equal(new TailSettings { Topic = "susy-accuracy" }, settings);
        Assert.Null(settings.Timeout);
    }

    [Fact]
    public void A_topic_is_required()
    {
        Assert.NotEmpty(new TailCommand().Build().Parse("--from-beginning").Errors);
        Assert.NotEmpty(new TailCommand().Build().Parse("t --max many").Errors);
    }
}
