namespace Flows.Fuzz;

/// <summary>What a fuzzing run sent and got: responses by status class, per endpoint, and the first server errors in full.</summary>
public sealed class FuzzReport
{
    public const string NoAnswer = "no answer";

    /// <summary>No answer to a request whose body the fuzzer cut short: it closed its side, which aborts the request.</summary>
    public const string HungUp = "hung up";

    private const int MaxSamples = 20;

    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, long> _classes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long Sent, long ServerErrors)> _endpoints = new(StringComparer.Ordinal);
    private readonly List<string> _samples = [];
    private readonly SortedSet<string> _missing = new(StringComparer.Ordinal);

    public long Sent { get; private set; }

    public long ServerErrors => Count("5xx");

    public long Unanswered => Count(NoAnswer);

    public IReadOnlyList<string> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>The live material a setup could not obtain (see <see cref="FuzzMaterial.Missing"/>): what the run could not reach.</summary>
    public IReadOnlyCollection<string> Missing
    {
        get
        {
            lock (_lock)
            {
                return [.. _missing];
            }
        }
    }

    public long SentTo(string endpoint)
    {
        lock (_lock)
        {
            return _endpoints.GetValueOrDefault(endpoint).Sent;
        }
    }

    public void RecordSetup(FuzzMaterial material)
    {
        lock (_lock)
        {
            _missing.UnionWith(material.Missing);
        }
    }

    public long Count(string statusClass)
    {
        lock (_lock)
        {
            return _classes.GetValueOrDefault(statusClass);
        }
    }

    public void Record(string endpoint, RawRequest request, RawResponse? response, string? failure = null)
    {
        var statusClass = response is not null ? $"{response.Status / 100}xx" : request.CutShort ? HungUp : NoAnswer;
        lock (_lock)
        {
            Sent++;
            _classes[statusClass] = _classes.GetValueOrDefault(statusClass) + 1;
            var (sent, errors) = _endpoints.GetValueOrDefault(endpoint);
            var isError = statusClass is NoAnswer || response?.Status >= 500;
            _endpoints[endpoint] = (sent + 1, errors + (response?.Status >= 500 ? 1 : 0));
            if (isError && _samples.Count < MaxSamples)
            {
                var answer = response is null ? $"no answer{(failure is null ? "" : $" ({failure})")}" : $"{response.Status}: {Shorten(response.Text)}";
                _samples.Add($"{endpoint}: {request.Describe()} -> {answer}");
            }
        }
    }

    public void Print(TextWriter output)
    {
        lock (_lock)
        {
            output.WriteLine($"Requests sent: {Sent}{(_missing.Count == 0 ? "" : $" (could not obtain: {string.Join(", ", _missing)})")}");
            foreach (var statusClass in new[] { "1xx", "2xx", "3xx", "4xx", "5xx", NoAnswer, HungUp })
            {
                output.WriteLine($"  {statusClass,-10} {_classes.GetValueOrDefault(statusClass),10}");
            }

            output.WriteLine($"Endpoints: {_endpoints.Count} (requests / 5xx)");
            foreach (var (endpoint, (sent, errors)) in _endpoints)
            {
                output.WriteLine($"  {endpoint,-28} {sent,8} {errors,6}");
            }

            foreach (var sample in _samples)
            {
                output.WriteLine($"! {sample}");
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
