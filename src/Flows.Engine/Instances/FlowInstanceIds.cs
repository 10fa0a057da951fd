using System.Security.Cryptography;

namespace Flows.Engine.Instances;

/// <summary>Makes instance ids: 128 random bits, because an id in a sign-on URL must not be guessable.</summary>
public static class FlowInstanceIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
