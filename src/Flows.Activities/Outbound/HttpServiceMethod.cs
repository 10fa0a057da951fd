namespace Flows.Activities.Outbound;

/// <summary>The HTTP methods a <see cref="CallHttpService"/> node may use; both carry the JSON body.</summary>
public enum HttpServiceMethod
{
    Post,
    Put,
}
