namespace Flows.Bench.SignIns;

/// <summary>The command line of <c>signins</c>: where the server is, who signs in, and how hard to push.</summary>
internal sealed record SignInLoadOptions
{
    public const string Usage = """
        usage: Flows.Bench signins --base URL --client ID --secret SECRET --user NAME [--user NAME …] --password PASSWORD
                                   [--env bench] [--redirect-uri https://bench.test/callback] [--scope "openid profile"]
                                   [--concurrency 8,32,64] [--seconds 20] [--warmup 3] [--iterations 210000] [--hash-samples 20]
                                   [--server-pid PID] [--probe-at 32 --service-client ID --service-secret SECRET]

        Runs full sign-ins (authorize with PKCE → password through the JSON flow API → resume → code for tokens at
        the token endpoint) from each --concurrency count of simulated browsers in turn, after --warmup seconds (at
        the first count) not counted. Each count is measured in its steady state: its browsers sign in for 3 s
        first, then the sign-ins that end in the next --seconds are counted; those still under way then finish
        uncounted. With --probe-at N and a client_credentials client, one more row of N browsers follows, during
        which one more client keeps asking for the discovery document, a waiting flow (GET) and a client_credentials
        token, one request at a time, and reports their latencies; that row is apart from the count's own row, whose
        sign-ins per second the probes' requests would otherwise take their CPU from.
        Each sign-in is a new browser (its own cookies). Browser i signs in as the (i mod count)-th --user; every
        user has the same --password. Around each count, times --hash-samples password verifications (ASP.NET Core
        Identity's PasswordHasher at --iterations, the server's setting) on one thread, half right before and half
        right after, and reports the bound that puts on that row's sign-ins per second: cores ÷ CPU time of one
        verification. With --server-pid (a server on this machine),
        also reports the server's CPU time per sign-in during the measured run, what of it its password-hashing
        threads did not spend (on Linux), and this tool's own CPU time per sign-in on the same cores.
        """;

    public required Uri BaseUri { get; init; }

    public string Environment { get; init; } = "bench";

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public string RedirectUri { get; init; } = "https://bench.test/callback";

    public string Scope { get; init; } = "openid profile";

    public required IReadOnlyList<string> Users { get; init; }

    public required string Password { get; init; }

    /// <summary>How many browsers sign in at once, one measured run per count.</summary>
    public required IReadOnlyList<int> ConcurrencyLevels { get; init; }

    /// <summary>The count during which the side endpoints are probed, if any.</summary>
    public int? ProbeAt { get; init; }

    public string? ServiceClientId { get; init; }

    public string? ServiceClientSecret { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>PBKDF2 iterations the server hashes with (<c>Flows:Passwords:Iterations</c>).</summary>
    public int Iterations { get; init; } = 210_000;

    public int HashSamples { get; init; } = 20;

    /// <summary>The server's process id, when it runs on this machine: its CPU time per sign-in is reported.</summary>
    public int? ServerProcessId { get; init; }

    /// <summary>The options, or null (with the reason on stderr) when the command line is incomplete or wrong.</summary>
    public static SignInLoadOptions? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-h" or "--help" || !args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                return Fail(args[i] is "-h" or "--help" ? null : $"unexpected argument '{args[i]}'");
            }

            var name = args[i][2..];
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(args[++i]);
        }

        string? One(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;
        int Int(string name, int fallback) => One(name) is { } text ? int.Parse(text) : fallback;

        if (One("base") is not { } baseUri || One("client") is not { } client || One("secret") is not { } secret
            || One("password") is not { } password || !values.TryGetValue("user", out var users))
        {
            return Fail("--base, --client, --secret, --user and --password are required");
        }

        var options = new SignInLoadOptions
        {
            BaseUri = new Uri(baseUri.TrimEnd('/') + "/"),
            Environment = One("env") ?? "bench",
            ClientId = client,
            ClientSecret = secret,
            RedirectUri = One("redirect-uri") ?? "https://bench.test/callback",
            Scope = One("scope") ?? "openid profile",
            Users = users.SelectMany(u => u.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            Password = password,
            ConcurrencyLevels = (One("concurrency") ?? "8,32,64").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(int.Parse).ToList(),
            ProbeAt = One("probe-at") is { } probeAt ? int.Parse(probeAt) : null,
            ServiceClientId = One("service-client"),
            ServiceClientSecret = One("service-secret"),
            Duration = TimeSpan.FromSeconds(Int("seconds", 20)),
            Warmup = TimeSpan.FromSeconds(Int("warmup", 3)),
            Iterations = Int("iterations", 210_000),
            HashSamples = Int("hash-samples", 20),
            ServerProcessId = One("server-pid") is { } pid ? int.Parse(pid) : null,
        };
        if (options.ProbeAt is not null && (options.ServiceClientId is null || options.ServiceClientSecret is null))
        {
            return Fail("--probe-at needs --service-client and --service-secret");
        }

        return options.ConcurrencyLevels.Count == 0 || options.ConcurrencyLevels.Any(c => c < 1) || options.HashSamples < 1
               || options.Duration <= TimeSpan.Zero
            ? Fail("--concurrency, --hash-samples and --seconds must be positive")
            : options;
    }

    private static SignInLoadOptions? Fail(string? problem)
    {
        if (problem is not null)
        {
            Console.Error.WriteLine($"signins: {problem}");
        }

        Console.Error.WriteLine(Usage);
        return null;
    }
}
