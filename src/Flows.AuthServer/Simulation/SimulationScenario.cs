using Flows.Activities.Messaging;
using Flows.Activities.Users;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// The state of one dry run that its simulated services share: the user, the mocks, the verdict of the answer being
/// given, and what would have happened outside (messages, calls, writes), in order. It lives in memory for one request.
/// </summary>
public sealed class SimulationScenario(
    string environmentId,
    SimulatedUser user,
    IReadOnlyDictionary<string, SimulatedServiceAnswer> mocks,
    RealUserReads? realReads)
{
    private readonly List<SimulationEffect> _effects = [];

    public string EnvironmentId => environmentId;

    public SimulatedUser User => user;

    public IReadOnlyDictionary<string, SimulatedServiceAnswer> Mocks => mocks;

    /// <summary>For a real user, the read-only services that tell its factors; null for a described user.</summary>
    public RealUserReads? RealReads => realReads;

    /// <summary>The verdict of the answer now being given, or null.</summary>
    public string? Verdict { get; set; }

    /// <summary>Which answer is being given (0 before the first), so each effect is told with its round.</summary>
    public int Round { get; set; }

    public IReadOnlyList<SimulationEffect> Effects => _effects;

    public DirectoryUser? Find(string environmentId, string userId) =>
        environmentId == EnvironmentId && user.Is(userId) ? user.User : null;

    public void Record(string kind, string description) => _effects.Add(new SimulationEffect(Round, kind, description));
}

/// <summary>Something a real run would have done outside the flow, which the dry run only tells.</summary>
public sealed record SimulationEffect(int Round, string Kind, string Description);

/// <summary>The kinds of <see cref="SimulationEffect"/>.</summary>
public static class SimulationEffectKinds
{
    public const string Message = "message";
    public const string Call = "call";
    public const string Write = "write";
    public const string Check = "check";
}

/// <summary>The services a dry run may read a real user's factors from; they only read.</summary>
public sealed record RealUserReads(IMfaDevices Devices, IRecoveryCodes RecoveryCodes, IMessagedCodes Contacts);
