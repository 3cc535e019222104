namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>Starts the service expecting it to refuse, and returns the error it refused with.</summary>
public static class StartupFailure
{
    private const int Attempts = 5;

    /// <summary>
    /// Builds a factory and starts it; the start must fail with <typeparamref name="TException"/>. WebApplicationFactory
    /// has a race when the app fails during its own start: if the app has already thrown and disposed its host before
    /// the factory subscribes to <c>ApplicationStarted</c>, the factory reports <see cref="ObjectDisposedException"/>
    /// and the real error is lost. Only that outcome is retried, on a fresh factory; a service that starts, or fails
    /// with anything else, fails the test at once.
    /// </summary>
    public static TException Of<TException>(Func<ModerationApiFactory> create)
        where TException : Exception
    {
        for (int attempt = 1; ; attempt++)
        {
            using ModerationApiFactory factory = create();
            try
            {
                factory.CreateClient().Dispose();
            }
            catch (ObjectDisposedException) when (attempt < Attempts)
            {
                continue;
            }
            catch (TException error) when (error is not ObjectDisposedException)
            {
                return error;
            }

            throw new Xunit.Sdk.XunitException($"the service started although it should have refused with {typeof(TException).Name}");
        }
    }
}
