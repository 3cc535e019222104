using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>Keeps every log entry of a service, for tests that check what it tells operators.</summary>
public sealed class CapturedLogs
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    /// <summary>Registers a logger provider that writes here.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(new Provider(this));

    private sealed class Provider(CapturedLogs owner) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(owner, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
