using System.CommandLine;

namespace MarketAspire.Benchmarks;

/// <summary>A benchmark's options as parsed by System.CommandLine (each option carries its own default).</summary>
public sealed class BenchOptions(ParseResult parsed)
{
    public int Int(string name) => parsed.GetValue<int>("--" + name);

    /// <summary>A benchmark command whose whole-number options are listed with their defaults in <c>--help</c>.</summary>
    public static Command Command(string name, string description, Func<BenchOptions, Task<int>> run, params (string Name, int Default, string Description)[] options)
    {
        var command = new Command(name, description);
        foreach (var (option, fallback, help) in options)
        {
            command.Options.Add(new Option<int>("--" + option) { Description = help, DefaultValueFactory = _ => fallback });
        }

        command.SetAction((parsed, _) => run(new BenchOptions(parsed)));
        return command;
    }
}
