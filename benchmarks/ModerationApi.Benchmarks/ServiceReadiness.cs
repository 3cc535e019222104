namespace ModerationApi.Benchmarks;

/// <summary>Waits for a service the harnesses started.</summary>
internal static class ServiceReadiness
{
    /// <summary>Polls <c>/health/ready</c> every 100 ms for up to a minute.</summary>
    public static async Task WaitAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("service not ready within 60 s");
    }
}
