using System.Globalization;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>What <c>submit</c> stored about a job: how to read its archive and how many chunks it has.</summary>
internal sealed record JobSettings(string Input, string Format, string TextColumn, string IdColumn, int Total, string? OutputDir)
{
    /// <exception cref="ArgumentException">No such job.</exception>
    public static async Task<JobSettings> ReadAsync(IDatabaseAsync db, JobKeys keys)
    {
        var hash = (await db.HashGetAllAsync(keys.Hash)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        if (!hash.TryGetValue(JobFields.Input, out var input) || !hash.TryGetValue(JobFields.Total, out var total))
        {
            throw new ArgumentException($"no job '{keys.Job}' on this Redis (run moderation submit first)");
        }

        return new JobSettings(input, hash[JobFields.Format], hash[JobFields.TextColumn], hash[JobFields.IdColumn],
            int.Parse(total, CultureInfo.InvariantCulture), hash.GetValueOrDefault(JobFields.OutputDir));
    }

    /// <summary>The folder named on the command line, else the one given at submit.</summary>
    public string OutputDirOr(string? fromCommandLine) =>
        fromCommandLine is not null ? Path.GetFullPath(fromCommandLine)
        : OutputDir ?? throw new ArgumentException("--output-dir is required (the job was submitted without one)");
}
