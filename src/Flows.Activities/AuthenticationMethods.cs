namespace Flows.Activities;

/// <summary>The <c>amr</c> values activities record (RFC 8176 §2).</summary>
public static class AuthenticationMethods
{
    public const string Password = "pwd";

    public const string Otp = "otp";

    /// <summary>Federated: an upstream identity provider authenticated the user and did not say how.</summary>
    public const string Federated = "fed";

    /// <summary>Multiple-factor authentication: recorded once a second factor succeeds.</summary>
    public const string MultiFactor = "mfa";
}
