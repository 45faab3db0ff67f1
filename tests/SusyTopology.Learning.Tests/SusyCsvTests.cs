using System.IO.Compression;
using SusyTopology.Learning.Data;

namespace SusyTopology.Learning.Tests;

public class SusyCsvTests
{
    private const string FirstUciRow =
        "0.000000000000000000e+00,9.728614687919616699e-01,6.538545489311218262e-01,1.176224589347839355e+00," +
        "1.157156467437744141e+00,-1.739873170852661133e+00,-8.743090629577636719e-01,5.677649974822998047e-01," +
        "-1.750000417232513428e-01,8.100607395172119141e-01,-2.525521218776702881e-01,1.921887040138244629e+00," +
        "8.896374106407165527e-01,4.107718467712402344e-01,1.145620822906494141e+00,1.932632088661193848e+00," +
        "9.944640994071960449e-01,1.367815494537353516e+00,4.071449860930442810e-02";

    [Fact]
    public void Bundled_sample_loads_with_the_documented_shape_and_balance()
    {
        var data = SusyCsv.Load(ExternalTools.SampleCsv);
        Assert.Equal(8_998, data.Count);
        Assert.InRange(data.PositiveFraction, 0.48, 0.51);
        Assert.All(data.Features, v => Assert.True(float.IsFinite(v)));
        var (train, test) = data.Split(0.4);
        Assert.Equal(5_399, train.Count);
        Assert.Equal(3_599, test.Count);
        Assert.Equal(data.Row(5_399).ToArray(), test.Row(0).ToArray());
    }

    [Fact]
    public void Folds_test_on_disjoint_blocks_that_cover_every_row_and_train_on_the_rest_in_order()
    {
        const int rows = 11, folds = 3;
        var features = Enumerable.Range(0, rows * SusyFeatures.Count).Select(i => (float)i).ToArray();
        var data = new SusyDataset(features, Enumerable.Range(0, rows).ToArray()); // each row's label is its index

        var tested = new List<int>();
        for (var fold = 0; fold < folds; fold++)
        {
            var (train, test) = data.Fold(fold, folds);
            Assert.Equal(rows, train.Count + test.Count);
            Assert.Empty(train.Labels.Intersect(test.Labels));
            Assert.Equal(train.Labels.Order(), train.Labels); // file order kept
            Assert.Equal(features.AsSpan(train.Labels[^1] * SusyFeatures.Count, SusyFeatures.Count).ToArray(), train.Row(train.Count - 1).ToArray());
            tested.AddRange(test.Labels);
        }
        Assert.Equal(Enumerable.Range(0, rows), tested);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Fold(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Fold(0, 1));
    }

    [Fact]
    public void Parses_the_first_UCI_row_exactly()
    {
        var features = new float[18];
        var label = SusyCsv.ParseLine(FirstUciRow, features);
        Assert.Equal(0, label);
        Assert.Equal(0.9728614687919616699f, features[0]);
        Assert.Equal(0.04071449860930442810f, features[17]);
    }

    [Fact]
    public void Plain_and_gzip_files_read_the_same_and_blank_lines_are_skipped()
    {
        var dir = Directory.CreateTempSubdirectory("susy-csv-").FullName;
        try
        {
            var text = FirstUciRow + "\n\n" + FirstUciRow.Replace("0.000000000000000000e+00,", "1.0,", StringComparison.Ordinal) + "\n";
            var plain = Path.Combine(dir, "rows.csv");
            File.WriteAllText(plain, text);
            var gz = Path.Combine(dir, "rows.data"); // no .gz extension: detection is by magic bytes
            using (var file = File.Create(gz))
            using (var zip = new GZipStream(file, CompressionLevel.Fastest))
                zip.Write(System.Text.Encoding.UTF8.GetBytes(text));
            var a = SusyCsv.ReadRows(plain).ToList();
            var b = SusyCsv.ReadRows(gz).ToList();
            Assert.Equal([1L, 3L], a.Select(r => r.LineNumber));
            Assert.Equal([0, 1], a.Select(r => r.Label));
            Assert.Equal(a.Select(r => r.Features), b.Select(r => r.Features));
            Assert.Equal(1, SusyCsv.Load(gz, maxRows: 1).Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("label,lepton_1_pT", 1, "no header")]
    [InlineData("2.0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18", 1, "label must be 0 or 1")]
    [InlineData("1.0,1,2,3", 1, "4 columns, expected 19")]
    [InlineData("1.0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19", 1, "more than 19 columns")]
    [InlineData("1.0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,nan,16,17,18", 1, "column 16 is not a finite number")]
    public void Bad_rows_name_the_line_and_the_problem(string line, int lineNumber, string expected)
    {
        var e = Assert.Throws<SusyCsvFormatException>(() => SusyCsv.ReadRows(new StringReader(line), "in.csv").ToList());
        Assert.Equal(lineNumber, e.LineNumber);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"in.csv:{lineNumber}:", e.Message);
    }

    [Fact]
    public void Errors_report_the_real_line_number_after_good_rows()
    {
        var text = FirstUciRow + "\n" + FirstUciRow + "\n" + "1.0,oops\n";
        var e = Assert.Throws<SusyCsvFormatException>(() => SusyCsv.ReadRows(new StringReader(text), "x").ToList());
        Assert.Equal(3, e.LineNumber);
    }
}
