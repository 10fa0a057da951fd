using System.Text.Json.Nodes;
using Flows.Activities;

namespace Flows.AuthServer.SignOn;

/// <summary>What the agreement page shows: the agreement's name and the text of its current version, in its language.</summary>
public sealed record AgreementView(string Name, string Language, string Text)
{
    /// <summary>The view of a <see cref="FlowStatuses.AgreementConsentRequired"/> prompt (<see cref="AgreementFields"/>), or null when it has none.</summary>
    public static AgreementView? From(JsonObject? data) =>
        data?[AgreementFields.Agreement] is JsonObject agreement
        && SignOnPromptData.GetString(agreement, AgreementFields.Name) is { } name
        && SignOnPromptData.GetString(agreement, AgreementFields.Text) is { } text
            ? new AgreementView(name, SignOnPromptData.GetString(agreement, AgreementFields.Language) ?? "", text)
            : null;
}
