namespace Flows.Activities;

/// <summary>What <see cref="CheckUser"/> asks of the flow's user; written camelCase in definitions (e.g. <c>hasMfaDevice</c>).</summary>
public enum CheckUserCondition
{
    /// <summary>The user belongs to the group named by the value (case-insensitive).</summary>
    InGroup,

    /// <summary>The user has the attribute <c>name</c>, or <c>name=value</c> with exactly that value.</summary>
    HasAttribute,

    /// <summary>The user has an authenticator enrolled; the value is ignored.</summary>
    HasMfaDevice,

    /// <summary>The flow has already authenticated the user with the method named by the value (e.g. <c>otp</c>).</summary>
    AmrContains,

    /// <summary>
    /// The flow has the variable <c>name</c>, or <c>name=value</c> with exactly that value (a string, number or boolean as
    /// written in JSON), e.g. <c>risk.level=high</c> for a field an outside service's answer kept.
    /// </summary>
    HasVariable,
}
