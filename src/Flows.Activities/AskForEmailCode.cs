using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Sends a one-time code to the user's verified e-mail address and asks for it (status OTP_REQUIRED, action otp.check).</summary>
[Activity("Ask for an e-mail code", ActivityCategories.Mfa,
    "Sends a one-time code to the user's verified e-mail address and asks for it; the code is used once, expires, and may be sent again a limited number of times. Wrong codes count per user with the authenticator's, over all flows.")]
public sealed class AskForEmailCode(IUserDirectory users, IMessagedCodes codes) : AskForMessagedCode(users, codes, CodeChannel.Email)
{
    [Outcome("The code is right; the user is signed in with otp and email (and mfa after another factor).")]
    public new const string Success = AskForMessagedCode.Success;

    [Outcome("Every attempt this flow allows was wrong, or the user's codes are locked after too many wrong ones in any flow.")]
    public new const string TooManyAttempts = AskForMessagedCode.TooManyAttempts;

    [Outcome("The user has no verified e-mail device.")]
    public new const string NoDevice = AskForMessagedCode.NoDevice;
}
