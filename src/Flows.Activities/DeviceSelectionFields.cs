namespace Flows.Activities;

/// <summary>
/// Fields of the device choice: the prompt's <c>devices</c> (each <c>{id, type, name, createdAt}</c>) and the answer
/// <c>{device: {id}}</c>; the flow then keeps the choice in <see cref="FlowVariables.SelectedDevice"/>.
/// </summary>
public static class DeviceSelectionFields
{
    public const string Devices = "devices";

    public const string Device = "device";

    public const string Id = "id";

    public const string Type = "type";

    public const string Name = "name";

    public const string CreatedAt = "createdAt";
}
