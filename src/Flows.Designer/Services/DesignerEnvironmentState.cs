namespace Flows.Designer.Services;

/// <summary>The environment the administrator works in, shared by the pages of one circuit.</summary>
public sealed class DesignerEnvironmentState
{
    public string? EnvironmentId { get; private set; }

    public event Action? Changed;

    public void Select(string environmentId)
    {
        if (EnvironmentId == environmentId)
        {
            return;
        }

        EnvironmentId = environmentId;
        Changed?.Invoke();
    }
}
