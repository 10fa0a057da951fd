namespace Flows.AuthServer.Users;

/// <summary>Password hashing and policy: configuration section <c>Flows:Passwords</c>.</summary>
public sealed class FlowsPasswordOptions
{
    public const string Section = "Flows:Passwords";

    /// <summary>OWASP's recommendation for PBKDF2-HMAC-SHA512, the PRF of Identity's V3 hashes.</summary>
    public const int DefaultIterations = 210_000;

    public const int DefaultMinimumLength = 8;

    /// <summary>PBKDF2 iterations of new hashes; older hashes with fewer are upgraded at the next sign-in.</summary>
    public int Iterations { get; set; } = DefaultIterations;

    /// <summary>How many password hashes may run at once; 0 (the default) means one per core.</summary>
    public int ConcurrentHashes { get; set; }

    /// <summary>The shortest password a user may choose.</summary>
    public int MinimumLength { get; set; } = DefaultMinimumLength;
}
