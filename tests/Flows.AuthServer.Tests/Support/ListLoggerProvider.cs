using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Support;

/// <summary>Keeps every formatted log message, so tests can check what an operator would read.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<string> Messages => _messages.ToList();

    /// <summary>Every message with its category and level, in the order they were logged.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries.ToList();

    public string Text => string.Join(Environment.NewLine, _messages);

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, _messages, _entries);

    public void Dispose()
    {
    }

    private sealed class ListLogger(string category, ConcurrentQueue<string> messages, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            messages.Enqueue(message);
            entries.Enqueue(new LogEntry(category, logLevel, message, exception));
        }
    }
}

/// <summary>One log message as an operator's log would show it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
