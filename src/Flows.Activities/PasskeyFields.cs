namespace Flows.Activities;

/// <summary>
/// The fields of the passkey steps (<see cref="FlowStatuses.PasskeyRegistrationRequired"/>,
/// <see cref="FlowStatuses.AssertionRequired"/>): the options the prompt gives the browser and the bodies of
/// <see cref="FlowActions.PasskeyRegister"/> and <see cref="FlowActions.AssertionCheck"/>.
/// </summary>
public static class PasskeyFields
{
    /// <summary>In the prompt: the options for <c>navigator.credentials.create</c> or <c>.get</c>, as WebAuthn's JSON.</summary>
    public const string PublicKey = "publicKey";

    /// <summary>
    /// The body of <see cref="FlowActions.PasskeyRegister"/>: the <c>PublicKeyCredential</c> the browser created, as
    /// JSON (WebAuthn §5.1, <c>toJSON()</c>), an object or a string holding one.
    /// </summary>
    public const string Attestation = "attestation";

    /// <summary>The body of <see cref="FlowActions.AssertionCheck"/>: the <c>PublicKeyCredential</c> of the assertion, as JSON.</summary>
    public const string Assertion = "assertion";
}
