namespace Flows.AuthServer.TryIt;

/// <summary>A step of the try-it sign-in that went wrong, with a message written for the person trying it.</summary>
public sealed class TryItException(string message) : Exception(message);
