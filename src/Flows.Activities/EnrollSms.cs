using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>
/// Enrols a phone number for the identified user (status SMS_ENROLLMENT_REQUIRED, action sms.enroll), proven by a code
/// sent to it by SMS (status OTP_REQUIRED, action otp.check).
/// </summary>
[Activity("Enroll a phone number", ActivityCategories.Mfa,
    "Asks a user without a verified phone number for one, sends a one-time code to it by SMS through the environment's gateway and, once the code comes back, keeps the number as the user's verified SMS device. The code is used once, expires, and may be sent again a limited number of times.")]
public sealed class EnrollSms(IUserDirectory users, IMessagedCodes codes, IContactDevices devices) : EnrollContactDevice(users, codes, devices, CodeChannel.Sms)
{
    [Outcome("The code is right: the number is the user's verified SMS device, and the user is signed in with otp and sms (and mfa after another factor).")]
    public new const string Success = AskForMessagedCode.Success;

    [Outcome("The user has a verified phone number already, set before or meanwhile.")]
    public new const string AlreadyEnrolled = EnrollContactDevice.AlreadyEnrolled;

    [Outcome("Every attempt this flow allows was wrong, or the user's codes are locked after too many wrong ones in any flow; nothing was stored.")]
    public new const string TooManyAttempts = AskForMessagedCode.TooManyAttempts;
}
