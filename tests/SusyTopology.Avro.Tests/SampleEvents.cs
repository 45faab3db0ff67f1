using System.Globalization;
using System.IO.Compression;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests;

/// <summary>SusyEvents built from the bundled UCI SUSY sample (label first, then the 18 features).</summary>
public static class SampleEvents
{
    public static IReadOnlyList<SusyEvent> Load(int count)
    {
        var path = Path.Combine(TestSchemas.RepoRoot, "data", "sample", "susy-sample.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var events = new List<SusyEvent>(count);
        string? line;
        while (events.Count < count && (line = reader.ReadLine()) != null)
        {
            var v = line.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var id = events.Count;
            events.Add(new SusyEvent
            {
                EventId = id,
                Split = id % 5 == 0 ? Split.TEST : Split.TRAIN,
                Label = id % 7 == 3 ? null : (int)v[0],
                Lepton1Pt = v[1],
                Lepton1Eta = v[2],
                Lepton1Phi = v[3],
                Lepton2Pt = v[4],
                Lepton2Eta = v[5],
                Lepton2Phi = v[6],
                MissingEnergyMagnitude = v[7],
                MissingEnergyPhi = v[8],
                MetRel = v[9],
                AxialMet = v[10],
                MR = v[11],
                MTr2 = v[12],
                R = v[13],
                Mt2 = v[14],
                SR = v[15],
                MDeltaR = v[16],
                DphiRB = v[17],
                CosThetaR1 = v[18],
                EventTime = DateTimeOffset.FromUnixTimeMilliseconds(1_763_780_000_000 + id * 37),
            });
        }
        return events;
    }
}
