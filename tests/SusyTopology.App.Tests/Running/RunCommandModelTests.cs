using SusyTopology.App.Commands;

namespace SusyTopology.App.Tests.Running;

/// <summary>`susy run --model`: a model that cannot be served stops the command before it touches Kafka.</summary>
public sealed class RunCommandModelTests
{
    [Theory]
    [InlineData("garbage")]
    [InlineData("missing")]
    public void A_model_that_cannot_be_served_exits_2_before_the_topology_starts(string kind)
    {
        var path = Path.Combine(Path.GetTempPath(), $"susy-run-model-{Guid.NewGuid():N}.onnx");
        if (kind == "garbage") File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0x01, 0x02]);
        try
        {
            var parsed = new RunCommand().Build().Parse(["--model", path, "--until-idle", "1"]);
            Assert.Empty(parsed.Errors);
            Assert.Equal(2, parsed.Invoke());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Logits_without_a_model_is_a_usage_error()
    {
        Assert.Equal(2, new RunCommand().Build().Parse(["--logits", "--until-idle", "1"]).Invoke());
    }
}
