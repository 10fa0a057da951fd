using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.FlowDefinitions;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Simulation;

/// <summary>Reads the real user a dry run runs as (only reads), or takes the described one.</summary>
public sealed class SimulatedUsers(
    IUserDirectory users, ServerDbContext db, IMfaDevices devices, IRecoveryCodes recoveryCodes, IMessagedCodes contacts)
{
    public async Task<FlowServiceResult<(SimulatedUser User, RealUserReads? Reads)>> ResolveAsync(
        string environmentId, SimulatedUserRequest request, CancellationToken cancellationToken)
    {
        if (request.Id is not { } id)
        {
            return FlowServiceResult<(SimulatedUser, RealUserReads?)>.Ok((SimulatedUser.Describe(request), null));
        }

        if (await users.FindByIdAsync(environmentId, id, cancellationToken) is not { } user)
        {
            return FlowError.Invalid("user.id", $"No user '{id}' in environment '{environmentId}'.");
        }

        var mustChange = await db.Users.AsNoTracking()
            .Where(u => u.Id == id && u.EnvironmentId == environmentId).Select(u => u.MustChangePassword).FirstOrDefaultAsync(cancellationToken);
        var secret = await users.GetTotpSecretAsync(environmentId, id, cancellationToken);
        var simulated = new SimulatedUser(user, IsReal: true, mustChange, Password: null, secret, new HashSet<string>());
        return FlowServiceResult<(SimulatedUser, RealUserReads?)>.Ok((simulated, new RealUserReads(devices, recoveryCodes, contacts)));
    }
}
