using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// What new sign-ins of a flow may start on: its default version (null: the latest published) and a rollout;
/// <see cref="LatestVersion"/> is the latest published version as it was read when no default is set.
/// </summary>
public sealed record FlowVersionChoice(int? DefaultVersion, FlowRollout? Rollout, int? LatestVersion = null)
{
    /// <summary>The version a sign-in starts on outside the rollout; null when the flow has no published version.</summary>
    public int? StartVersion => DefaultVersion ?? LatestVersion;
}

/// <summary>
/// A published version that takes <see cref="Percent"/> of new sign-ins from the default. Who takes it is decided per
/// user where the sign-in knows its user — the same user always lands on the same side, so a signed-in session keeps
/// the proof of the version it ran — else per sign-in, at random.
/// </summary>
public sealed record FlowRollout(int Version, int Percent)
{
    public const int MinPercent = 1;
    public const int MaxPercent = 99;

    public static FlowRollout? Of(int? version, int? percent) =>
        version is { } v && percent is >= MinPercent and <= MaxPercent ? new FlowRollout(v, percent.Value) : null;

    /// <summary>Whether the sign-in of <paramref name="userId"/> (null: not known yet) runs the rollout's version.</summary>
    public bool Takes(string environmentId, string flowId, string? userId) =>
        (userId is null ? RandomNumberGenerator.GetInt32(100) : UserBucket(environmentId, flowId, userId)) < Percent;

    /// <summary>
    /// A number 0–99 fixed for the user and this rollout: a hash of environment, flow, version and user, so each
    /// rollout draws its own share (a user is not always among the first to try every new version).
    /// </summary>
    public int UserBucket(string environmentId, string flowId, string userId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{environmentId}\n{flowId}\n{Version}\n{userId}"));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % 100);
    }
}
