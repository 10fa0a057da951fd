using Flows.Activities.Messaging;
using Flows.Activities.Users;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// The user's factors in a dry run: a real user's as read, a described user's as described. Nothing is sent,
/// redeemed or remembered; what would have been is told as an effect. A message's code is shown in its effect, so
/// whoever runs the flow can type it.
/// </summary>
public sealed class SimulatedFactors(SimulationScenario scenario) : IMfaDevices, IRecoveryCodes, IRememberedDevices, IMessagedCodes
{
    private const string DescribedEmail = "user@example.com";

    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (scenario.Find(environmentId, userId) is null)
        {
            return [];
        }

        if (scenario.RealReads is { } real)
        {
            return await real.Devices.ListAsync(environmentId, userId, cancellationToken);
        }

        var devices = new List<MfaDevice>();
        if (Has(SimulatedDevices.Passkey))
        {
            devices.Add(new MfaDevice(SimulationIds.PasskeyDevice, MfaDeviceKinds.Passkey, "Passkey", DateTimeOffset.UnixEpoch));
        }

        if (Has(SimulatedDevices.Totp))
        {
            devices.Add(new MfaDevice(SimulationIds.TotpDevice, MfaDeviceKinds.Totp, "Authenticator app", DateTimeOffset.UnixEpoch));
        }

        return devices;
    }

    public async Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        scenario.Find(environmentId, userId) is not null && (scenario.RealReads is { } real
            ? await real.RecoveryCodes.HasAnyAsync(environmentId, userId, cancellationToken)
            : Has(SimulatedDevices.RecoveryCodes));

    public Task<IReadOnlyList<string>> RegenerateAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        scenario.Record(SimulationEffectKinds.Write, "Would replace the user's recovery codes with new ones.");
        return Task.FromResult<IReadOnlyList<string>>([.. Enumerable.Range(1, 10).Select(i => $"dry-run-{i:00}")]);
    }

    public Task<bool> TryRedeemAsync(string environmentId, string userId, string code, CancellationToken cancellationToken)
    {
        var right = scenario.Verdict == SimulationVerdicts.Right;
        scenario.Record(SimulationEffectKinds.Check, right ? "Would use up the recovery code." : "Wrong recovery code.");
        return Task.FromResult(right);
    }

    public Task<bool> IsRememberedAsync(string environmentId, string userId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task RememberAsync(string environmentId, string userId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        scenario.Record(SimulationEffectKinds.Write, $"Would remember this browser for {lifetime.TotalDays:0} days.");
        return Task.CompletedTask;
    }

    public async Task<ContactDevice?> FindDeviceAsync(string environmentId, string userId, ContactChannel channel, CancellationToken cancellationToken)
    {
        if (scenario.Find(environmentId, userId) is null)
        {
            return null;
        }

        if (scenario.RealReads is { } real)
        {
            return await real.Contacts.FindDeviceAsync(environmentId, userId, channel, cancellationToken);
        }

        return channel switch
        {
            ContactChannel.Email when Has(SimulatedDevices.Email) =>
                new ContactDevice(SimulationIds.EmailDevice, channel, MaskEmail(scenario.User.User.Email ?? DescribedEmail)),
            ContactChannel.Sms when Has(SimulatedDevices.Sms) => new ContactDevice(SimulationIds.SmsDevice, channel, "••• ••• 0000"),
            _ => null,
        };
    }

    public Task<CodeDelivery> SendAsync(CodeRequest request, CancellationToken cancellationToken)
    {
        var by = request.Device.Channel == ContactChannel.Email ? "an e-mail" : "a text message";
        scenario.Record(SimulationEffectKinds.Message,
            $"Would send {by} to {request.Device.MaskedAddress} with the code {CodeOf(request.NodeId, request.Length)}.");
        return Task.FromResult(CodeDelivery.Sent);
    }

    public Task<CodeCheck> CheckAsync(
        string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken) =>
        Task.FromResult(scenario.Verdict switch
        {
            SimulationVerdicts.Right => CodeCheck.Valid,
            SimulationVerdicts.Wrong => CodeCheck.Wrong,
            _ => code.Length > 0 && CodeOf(nodeId, code.Length) == code ? CodeCheck.Valid : CodeCheck.Wrong,
        });

    /// <summary>The code a dry run "sends" from a node: the same on every replay, so an answer written once stays right.</summary>
    public static string CodeOf(string nodeId, int length)
    {
        var digits = string.Concat(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(nodeId))
            .Select(b => (char)('0' + (b % 10))));
        return digits[..Math.Clamp(length, 1, digits.Length)];
    }

    private bool Has(string device) => scenario.User.Devices.Contains(device);

    private static string MaskEmail(string address) =>
        address.IndexOf('@') is var at and > 0 ? $"{address[0]}•••{address[at..]}" : "•••";
}
