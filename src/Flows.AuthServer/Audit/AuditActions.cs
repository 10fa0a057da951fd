namespace Flows.AuthServer.Audit;

/// <summary>The stable names changes are logged under, the same whether made through <c>/v1</c> or the designer.</summary>
public static class AuditActions
{
    public const string ApplicationCreated = "application.created";
    public const string ApplicationUpdated = "application.updated";
    public const string ApplicationDeleted = "application.deleted";
    public const string ApplicationSecretRotated = "application.secretRotated";

    public const string EnvironmentCreated = "environment.created";
    public const string EnvironmentImported = "environment.imported";
    public const string EnvironmentUpdated = "environment.updated";
    public const string EnvironmentDeleted = "environment.deleted";

    public const string FlowCreated = "flow.created";
    public const string FlowImported = "flow.imported";
    public const string FlowCloned = "flow.cloned";
    public const string FlowDeleted = "flow.deleted";
    public const string FlowDraftSaved = "flow.draftSaved";
    public const string FlowDraftDeleted = "flow.draftDeleted";
    public const string FlowPublished = "flow.published";
    public const string FlowDefaultVersionSet = "flow.defaultVersionSet";
    public const string FlowRolloutSet = "flow.rolloutSet";
    public const string FlowRolloutStopped = "flow.rolloutStopped";
    public const string FlowRolloutPromoted = "flow.rolloutPromoted";

    public const string FlowInstanceCancelled = "flowInstance.cancelled";

    public const string SigningKeysRotated = "signingKeys.rotated";

    public const string OutboundUpdated = "outbound.updated";
    public const string UserSchemaUpdated = "userSchema.updated";
    public const string AgreementCreated = "agreement.created";
    public const string AgreementUpdated = "agreement.updated";
    public const string AgreementVersionCreated = "agreement.versionCreated";
    public const string AgreementDeleted = "agreement.deleted";
    public const string OutboundSecretRotated = "outbound.secretRotated";

    public const string EmailSettingsUpdated = "emailSettings.updated";
    public const string SmsSettingsUpdated = "smsSettings.updated";

    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDeleted = "user.deleted";
    public const string UserPasswordSet = "user.password.set";
    public const string UserUnlocked = "user.unlocked";

    /// <summary>The user replaced a forgotten password with a code sent by e-mail, in a flow (the actor is the user).</summary>
    public const string UserPasswordRecovered = "user.password.recovered";
    public const string UserMfaDeviceCreated = "user.mfaDevice.created";
    public const string UserMfaDeviceDeleted = "user.mfaDevice.deleted";
    public const string UserContactDeviceSet = "user.contactDevice.set";
    public const string UserContactDeviceDeleted = "user.contactDevice.deleted";
    public const string UserEmailVerified = "user.email.verified";
    public const string UserPasskeyDeleted = "user.passkey.deleted";
    public const string UserRecoveryCodesIssued = "user.recoveryCodes.issued";
    public const string UserRememberedDevicesDeleted = "user.rememberedDevices.deleted";
    public const string UserConsentRevoked = "user.consent.revoked";
    public const string UserIdentityLinkDeleted = "user.identityLink.deleted";

    public const string IdentityProviderCreated = "identityProvider.created";
    public const string IdentityProviderUpdated = "identityProvider.updated";
    public const string IdentityProviderDeleted = "identityProvider.deleted";
}
