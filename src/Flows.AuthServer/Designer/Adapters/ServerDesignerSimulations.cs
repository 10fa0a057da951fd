using System.Text.Json;
using Flows.AuthServer.Simulation;
using Flows.Designer.Services;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>The designer's dry runs, run by <see cref="FlowSimulator"/> as <c>/v1</c>'s are; the result keeps the API's shape.</summary>
public sealed class ServerDesignerSimulations(IServiceScopeFactory scopes) : IDesignerSimulations
{
    public async Task<DryRunResult> RunAsync(string environmentId, DryRunRequest request, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var simulation = new FlowSimulationRequest
        {
            Version = request.Version,
            User = request.User.Id is { } id
                ? new SimulatedUserRequest { Id = id }
                : new SimulatedUserRequest
                {
                    Username = request.User.Username,
                    Password = request.User.Password,
                    Enabled = request.User.Enabled,
                    Groups = request.User.Groups?.ToList(),
                    Attributes = request.User.Attributes?.ToDictionary(),
                    Devices = request.User.Devices?.ToList(),
                },
            Answers = [.. request.Answers.Select(answer => new SimulatedAnswer { Action = answer.Action, Body = answer.Body, Verdict = answer.Verdict })],
            Mocks = request.Mocks.ToDictionary(mock => mock.Key, mock => new SimulatedServiceAnswer { Outcome = mock.Value.Outcome, Body = mock.Value.Body }),
        };
        var run = await scope.ServiceProvider.GetRequiredService<FlowSimulator>()
            .SimulateAsync(environmentId, request.FlowId, simulation, cancellationToken, request.Definition);
        if (run.Error is { } error)
        {
            return DryRunResult.Refused(error.Fields.Count > 0 ? string.Join(" ", error.Fields.Select(field => field.Message)) : error.Detail);
        }

        // One shape for both surfaces: the designer reads the resource as the API writes it.
        return JsonSerializer.Deserialize<DryRunResult>(JsonSerializer.SerializeToUtf8Bytes(run.Value, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;
    }
}
