using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// Enrols an e-mail address for the identified user (status EMAIL_ENROLLMENT_REQUIRED, action email.enroll), proven by a
/// code sent to it (status OTP_REQUIRED, action otp.check).
/// </summary>
[Activity("Enroll an e-mail address", ActivityCategories.Mfa,
    "Asks a user without a verified e-mail address for one, sends a one-time code to it and, once the code comes back, keeps the address as the user's verified e-mail device. The code is used once, expires, and may be sent again a limited number of times.")]
public sealed class EnrollEmail(IUserDirectory users, IMessagedCodes codes, IContactDevices devices) : EnrollContactDevice(users, codes, devices, CodeChannel.Email)
{
    [Outcome("The code is right: the address is the user's verified e-mail device, and the user is signed in with otp and email (and mfa after another factor).")]
    public new const string Success = AskForMessagedCode.Success;

    [Outcome("The user has a verified e-mail address already, set before or meanwhile.")]
    public new const string AlreadyEnrolled = EnrollContactDevice.AlreadyEnrolled;

    [Outcome("Every attempt this flow allows was wrong, or the user's codes are locked after too many wrong ones in any flow; nothing was stored.")]
    public new const string TooManyAttempts = AskForMessagedCode.TooManyAttempts;
}
