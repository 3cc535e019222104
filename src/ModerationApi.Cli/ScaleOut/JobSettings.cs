using System.Globalization;
using ModerationApi.Storage.Rescans;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// What <c>submit</c> stored about a job: how to read its archive, how many chunks it has, and the rules, model and
/// policy versions every worker must run so that one job's verdicts never mix versions.
/// </summary>
internal sealed record JobSettings(string Input, string Format, string TextColumn, string IdColumn, int Total, string? OutputDir,
    string? RulesVersion, string? ModelVersion, string? PolicyVersion)
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
            int.Parse(total, CultureInfo.InvariantCulture), hash.GetValueOrDefault(JobFields.OutputDir),
            hash.GetValueOrDefault(JobFields.RulesVersion), hash.GetValueOrDefault(JobFields.ModelVersion), hash.GetValueOrDefault(JobFields.PolicyVersion));
    }

    /// <summary>The folder named on the command line, else the one given at submit.</summary>
    public string OutputDirOr(string? fromCommandLine) =>
        fromCommandLine is not null ? Path.GetFullPath(fromCommandLine)
        : OutputDir ?? throw new ArgumentException("--output-dir is required (the job was submitted without one)");

    /// <summary>
    /// Why a worker running these versions must not take part in the job, or null if it may. A job without recorded
    /// versions was submitted by an older build and is refused too: nothing would keep its workers consistent.
    /// </summary>
    public string? VersionMismatch(string rulesVersion, string modelVersion, string policyVersion)
    {
        (string Name, string? Job, string Worker, string Hint)[] versions =
        [
            ("rules", RulesVersion, rulesVersion, "run the worker with the same --rules folder as submit"),
            ("model", ModelVersion, modelVersion, "run the worker with the same --heads (or --no-model) as submit"),
            ("policy", PolicyVersion, policyVersion, "run the same build of moderation as submit, with default policy thresholds"),
        ];
        foreach (var (name, job, worker, hint) in versions)
        {
            if (job is null)
            {
                return $"the job records no {name} version (submitted by an older build); submit it again under a new --job name";
            }

            if (!string.Equals(job, worker, StringComparison.Ordinal))
            {
                return $"the job was submitted with {name} version {job} but this worker runs {worker}: one job must not mix versions; {hint}, or submit a new job";
            }
        }

        return null;
    }
}
