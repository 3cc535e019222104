using BenchmarkDotNet.Running;
using ModerationApi.Benchmarks;

// Component benchmarks (BenchmarkDotNet) by default; "load [service.dll]" runs the HTTP load harness, "rescan [...]" the
// batch rescan harness (see RescanHarness), "near-duplicates [...]" the bank's precision and recall (see NearDuplicateHarness),
// "soak [service.dll] [--minutes 10] [--baseline-minutes 2]" honest and hostile clients together (see SoakHarness),
// "adapter-speed [rounds]" the merged encoder against the base model (see AdapterSpeedHarness), "int8 [rounds|explore]"
// the int8 encoder against the fp32 one (see Int8Harness), "screen --data <shared/data>" the engine with its encoder
// screen against raw ONNX Runtime on a realistic traffic mix (see ScreenHarness).
if (args.Length > 0 && args[0] == "load")
{
    return await LoadHarness.RunAsync(args);
}

if (args.Length > 0 && args[0] == "rescan")
{
    return await RescanHarness.RunAsync(args);
}

if (args.Length > 0 && args[0] == "soak")
{
    return await SoakHarness.RunAsync(args);
}

if (args.Length > 0 && args[0] == "adapter-speed")
{
    return AdapterSpeedHarness.Run(args);
}

if (args.Length > 0 && args[0] == "screen")
{
    return await ScreenHarness.RunAsync(args);
}

if (args.Length > 0 && args[0] == "int8")
{
    return Int8Harness.Run(args);
}

if (args.Length > 0 && args[0] == "int8-rss")
{
    return Int8Harness.RunRssChild(args);
}

if (args.Length > 0 && args[0] == "near-duplicates")
{
    return NearDuplicateHarness.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point: <c>dotnet run -c Release --project benchmarks/ModerationApi.Benchmarks -- --filter '*'</c>.</summary>
public partial class Program;
