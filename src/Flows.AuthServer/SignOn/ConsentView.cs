using System.Text.Json.Nodes;
using Flows.Activities;

namespace Flows.AuthServer.SignOn;

/// <summary>What the consent page shows: the application, and what each scope it asks for lets it do.</summary>
public sealed record ConsentView(string Application, IReadOnlyList<string> Descriptions)
{
    /// <summary>The view of a <see cref="FlowStatuses.ConsentRequired"/> prompt (<see cref="ConsentFields"/>), or null when it has none.</summary>
    public static ConsentView? From(JsonObject? data)
    {
        if (SignOnPromptData.GetString(data, ConsentFields.Application) is not { } application
            || data?[ConsentFields.Scopes] is not JsonArray scopes)
        {
            return null;
        }

        var descriptions = scopes.OfType<JsonObject>()
            .Select(scope => SignOnPromptData.GetString(scope, "description") ?? SignOnPromptData.GetString(scope, "scope"))
            .OfType<string>()
            .ToList();
        return new ConsentView(application, descriptions);
    }
}
