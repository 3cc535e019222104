using System.Net;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Rescan;

/// <summary>
/// <c>GET /v1/admin/rescans[/{jobId}]</c> against a real redis-server holding a job submitted and worked by the real
/// CLI (rules only).
/// </summary>
public sealed class RescanAdminEndpointTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("moderation-rescan-admin-").FullName;
    private ModerationApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _factory = new ModerationApiFactory().With("ConnectionStrings:Redis", _redis.ConnectionString);
    }

    [Fact]
    public async Task AdminSeesAWorkedJobsProgressRateWorkersAndVersions()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        var malformed = ArchiveGenerator.WriteJsonLines(input, 1000);
        await RunAsync("submit", "--redis", _redis.ConnectionString, "--job", "nightly", "--input", input, "--chunk", "300", "--no-model");
        await RunAsync("worker", "--redis", _redis.ConnectionString, "--job", "nightly", "--output-dir", Path.Combine(_folder, "out"), "--consumer", "w1", "--no-model");
        var client = _factory.ClientWithKey(ModerationApiFactory.AdminKey);

        var response = await client.GetAsync("/v1/admin/rescans/nightly");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await response.JsonAsync();
        Assert.Equal("nightly", job.GetProperty("job").GetString());
        Assert.Equal(4, job.GetProperty("totalChunks").GetInt64());
        Assert.Equal(4, job.GetProperty("doneChunks").GetInt64());
        Assert.Equal(0, job.GetProperty("failedChunks").GetInt64());
        Assert.Equal(0, job.GetProperty("pendingChunks").GetInt64());
        Assert.Equal(1000 + malformed.Count, job.GetProperty("totalRecords").GetInt64());
        Assert.Equal(1000, job.GetProperty("posts").GetInt64());
        Assert.Equal(malformed.Count, job.GetProperty("malformed").GetInt64());
        Assert.True(job.GetProperty("finished").GetBoolean());
        Assert.True(job.GetProperty("postsPerSecond").GetDouble() >= 0);
        Assert.Equal("none", job.GetProperty("modelVersion").GetString());
        Assert.False(string.IsNullOrEmpty(job.GetProperty("rulesVersion").GetString()));
        Assert.False(string.IsNullOrEmpty(job.GetProperty("policyVersion").GetString()));
        Assert.True(job.GetProperty("startedAt").GetDateTimeOffset() >= job.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.True(job.GetProperty("updatedAt").GetDateTimeOffset() >= job.GetProperty("startedAt").GetDateTimeOffset());
        var worker = Assert.Single(job.GetProperty("workers").EnumerateArray());
        Assert.Equal("w1", worker.GetProperty("name").GetString());
        Assert.Equal(0, worker.GetProperty("pendingChunks").GetInt64());

        // The CLI's status command reads through the same code and agrees.
        var status = await RunAsync("status", "--redis", _redis.ConnectionString, "--job", "nightly");
        Assert.Contains("done:    4", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("worker w1: 0 pending", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmittedJobNobodyWorkedYetIsListedAsQueued()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        ArchiveGenerator.WriteJsonLines(input, 200);
        await RunAsync("submit", "--redis", _redis.ConnectionString, "--job", "b-later", "--input", input, "--chunk", "100", "--no-model");
        await RunAsync("submit", "--redis", _redis.ConnectionString, "--job", "a-first", "--input", input, "--chunk", "50", "--no-model");

        var list = await (await _factory.ClientWithKey(ModerationApiFactory.AdminKey).GetAsync("/v1/admin/rescans")).JsonAsync();

        var jobs = list.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(["a-first", "b-later"], jobs.Select(j => j.GetProperty("job").GetString()));
        Assert.Equal(4, jobs[0].GetProperty("queuedChunks").GetInt64());
        Assert.Equal(0, jobs[0].GetProperty("postsPerSecond").GetDouble());
        Assert.False(jobs[0].GetProperty("finished").GetBoolean());
        Assert.False(jobs[0].TryGetProperty("startedAt", out _));
        Assert.Empty(jobs[0].GetProperty("workers").EnumerateArray());
    }

    [Fact]
    public async Task UnknownJobIsANotFoundProblem()
    {
        var response = await _factory.ClientWithKey(ModerationApiFactory.AdminKey).GetAsync("/v1/admin/rescans/no-such-job");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("jobId", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task JobIdWithABraceIsABadRequestNamingTheField()
    {
        var response = await _factory.ClientWithKey(ModerationApiFactory.AdminKey).GetAsync("/v1/admin/rescans/a%7Bb");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("jobId", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task ModerateKeyIsForbiddenAndNoKeyIsUnauthorized()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _factory.ClientWithKey(ModerationApiFactory.ModerateKey).GetAsync("/v1/admin/rescans/x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _factory.ClientWithKey(ModerationApiFactory.ModerateKey).GetAsync("/v1/admin/rescans")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.ClientWithKey(null).GetAsync("/v1/admin/rescans/x")).StatusCode);
    }

    [Fact]
    public async Task RedisStoppedIsAServiceUnavailableProblem()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/admin/rescans/x")).StatusCode);

        await _redis.StopAsync();

        await (await client.GetAsync("/v1/admin/rescans/x")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await client.GetAsync("/v1/admin/rescans")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task ServiceWithoutRedisAnswersServiceUnavailable()
    {
        await using var noRedis = new ModerationApiFactory();

        var response = await noRedis.ClientWithKey(ModerationApiFactory.AdminKey).GetAsync("/v1/admin/rescans/x");

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("ConnectionStrings:Redis", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _redis.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await CliProcess.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
