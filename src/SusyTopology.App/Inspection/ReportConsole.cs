using Spectre.Console;

namespace SusyTopology.App.Inspection;

/// <summary>
/// A Spectre console over any <see cref="TextWriter"/>, so that the inspection reports render the same tables to the
/// terminal and to a test's <see cref="StringWriter"/>; colours only when the writer is the terminal.
/// </summary>
public static class ReportConsole
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
    }
}
