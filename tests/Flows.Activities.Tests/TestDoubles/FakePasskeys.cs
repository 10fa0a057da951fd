using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Users;

namespace Flows.Activities.Tests.TestDoubles;

/// <summary>
/// An <see cref="IPasskeys"/> that checks what the real relying party checks, minus the cryptography: a response must
/// carry the challenge of the options it answers, name a known passkey (of the user, when one is given) and a
/// signature counter beyond the stored one. Responses are <c>{challenge, credentialId, counter, userVerified}</c>.
/// </summary>
public sealed class FakePasskeys : IPasskeys
{
    private readonly Dictionary<string, (string UserId, uint Counter)> _passkeys = [];

    public void Add(string userId, string credentialId, uint counter = 0) => _passkeys[credentialId] = (userId, counter);

    public IReadOnlyCollection<string> CredentialsOf(string userId) =>
        [.. _passkeys.Where(passkey => passkey.Value.UserId == userId).Select(passkey => passkey.Key)];

    public Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_passkeys.Values.Any(passkey => passkey.UserId == userId));

    public Task<JsonObject> BeginRegistrationAsync(
        string environmentId, DirectoryUser user, PasskeyUserVerification userVerification, CancellationToken cancellationToken) =>
        Task.FromResult(new JsonObject
        {
            ["challenge"] = NewChallenge(),
            ["user"] = new JsonObject { ["name"] = user.Username },
            ["userVerification"] = userVerification.ToString(),
        });

    public Task<PasskeyCheck> RegisterAsync(
        string environmentId, string userId, JsonObject options, JsonElement attestation, CancellationToken cancellationToken)
    {
        if (Text(attestation, "challenge") != options["challenge"]!.GetValue<string>() || Text(attestation, "credentialId") is not { } id)
        {
            return Task.FromResult(PasskeyCheck.Refused("not for this challenge"));
        }

        _passkeys[id] = (userId, 0);
        return Task.FromResult(PasskeyCheck.Accepted(userId, userVerified: false));
    }

    public Task<JsonObject> BeginAssertionAsync(
        string environmentId, string? userId, string? passkeyId, PasskeyUserVerification userVerification, CancellationToken cancellationToken) =>
        Task.FromResult(new JsonObject
        {
            ["challenge"] = NewChallenge(),
            ["allowCredentials"] = new JsonArray([.. Allowed(userId, passkeyId).Select(id => (JsonNode)id)]),
            ["userVerification"] = userVerification.ToString(),
        });

    public Task<PasskeyCheck> AssertAsync(
        string environmentId, string? userId, JsonObject options, JsonElement assertion, CancellationToken cancellationToken)
    {
        var counter = assertion.TryGetProperty("counter", out var value) ? value.GetUInt32() : 0;
        if (Text(assertion, "challenge") != options["challenge"]!.GetValue<string>()
            || Text(assertion, "credentialId") is not { } id
            || !_passkeys.TryGetValue(id, out var passkey)
            || (userId is not null && passkey.UserId != userId)
            || counter <= passkey.Counter)
        {
            return Task.FromResult(PasskeyCheck.Refused("refused"));
        }

        _passkeys[id] = (passkey.UserId, counter);
        var verified = assertion.TryGetProperty("userVerified", out var uv) && uv.GetBoolean();
        return Task.FromResult(PasskeyCheck.Accepted(passkey.UserId, verified));
    }

    /// <summary>A response to <paramref name="options"/> as the fake reads it.</summary>
    public static object Response(JsonObject options, string credentialId, uint counter = 1, bool userVerified = false) => new
    {
        challenge = options["challenge"]!.GetValue<string>(),
        credentialId,
        counter,
        userVerified,
    };

    /// <summary>As the relying party: the user's passkeys, or only the chosen one while it is the user's.</summary>
    private IReadOnlyCollection<string> Allowed(string? userId, string? passkeyId)
    {
        var owned = userId is null ? [] : CredentialsOf(userId);
        return passkeyId is not null && owned.Contains(passkeyId) ? [passkeyId] : owned;
    }

    private static string NewChallenge() => Guid.NewGuid().ToString("N");

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
