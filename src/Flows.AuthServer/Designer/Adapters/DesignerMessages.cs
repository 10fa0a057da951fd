using Flows.AuthServer.Administration;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// What the designer tells a person when a service refuses a change, from the error catalog as every surface: the
/// problem of each field under the entry's title, else the sentence naming the case (the detail <c>/v1</c> answers
/// with), else the entry's words for people.
/// </summary>
public static class DesignerMessages
{
    public static string Of(ServiceError error) => error.Fields.Count > 0
        ? $"{error.Entry.Page.Title}: {string.Join("; ", error.Fields.Select(field => field.Message))}."
        : error.Detail ?? error.Entry.Page.Text;
}
