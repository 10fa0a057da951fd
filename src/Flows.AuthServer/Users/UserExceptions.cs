namespace Flows.AuthServer.Users;

/// <summary>Base of the reasons a user cannot be created as asked; nothing was stored.</summary>
public abstract class UserException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The environment already has a user with that username, in any case.</summary>
public sealed class DuplicateUsernameException(string environmentId, string username, Exception? inner = null)
    : UserException($"Environment '{environmentId}' already has a user named '{username}'.", inner);

/// <summary>A value of the new user is not acceptable; the message says which and why.</summary>
public sealed class InvalidUserException(string message) : UserException(message);
