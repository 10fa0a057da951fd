using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Support;

/// <summary>
/// Keeps everything a structured log exporter could send, at every level: the formatted message, each value of the
/// state and of the scopes around it, and the exception with its stack trace.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _records = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public int Count => _records.Count;

    public string Text => string.Join(Environment.NewLine, _records);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static void Append(StringBuilder record, object? value)
    {
        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, item) in pairs)
            {
                record.Append(' ').Append(key).Append('=').Append(item is IEnumerable and not string ? string.Join(",", ((IEnumerable)item).Cast<object?>()) : item);
            }
        }
        else
        {
            record.Append(' ').Append(value);
        }
    }

    private sealed class CapturingLogger(string category, CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var record = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            Append(record, state);
            provider._scopes.ForEachScope((scope, builder) => Append(builder, scope), record);
            record.Append(' ').Append(exception);
            provider._records.Enqueue(record.ToString());
        }
    }
}
