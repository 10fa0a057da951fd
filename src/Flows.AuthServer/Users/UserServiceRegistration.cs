using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users.MfaDevices;
using Flows.Activities.Messaging;
using Flows.AuthServer.Users.ContactDevices;
using Flows.AuthServer.Users.Registrations;
using Flows.AuthServer.Users.Passkeys;
using Flows.AuthServer.Users.Recovery;
using Flows.AuthServer.Users.RecoveryCodes;
using Flows.AuthServer.Users.RememberedDevices;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flows.AuthServer.Users;

/// <summary>Registers the server's users: the directory the activities use, the users' service, signing out, and their options.</summary>
public static class UserServiceRegistration
{
    public static IServiceCollection AddFlowsUsers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FlowsPasswordOptions>()
            .Bind(configuration.GetSection(FlowsPasswordOptions.Section))
            .Validate(o => o.Iterations >= 1 && o.MinimumLength >= 1 && o.ConcurrentHashes >= 0,
                $"{FlowsPasswordOptions.Section}: Iterations and MinimumLength must be at least 1, ConcurrentHashes at least 0.");
        services.AddOptions<FlowsLockoutOptions>()
            .Bind(configuration.GetSection(FlowsLockoutOptions.Section))
            .Validate(o => o.MaxFailedAttempts >= 1 && o.Duration > TimeSpan.Zero && o.MaxFailedOtpAttempts >= 1 && o.OtpDuration > TimeSpan.Zero,
                $"{FlowsLockoutOptions.Section}: MaxFailedAttempts and MaxFailedOtpAttempts must be at least 1, Duration and OtpDuration positive.");

        services.AddOptions<RegistrationOptions>()
            .Bind(configuration.GetSection(RegistrationOptions.Section))
            .Validate(o => o.UnverifiedLifetime > TimeSpan.Zero, $"{RegistrationOptions.Section}: UnverifiedLifetime must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<UserRecord>>(provider =>
            PasswordHashing.CreateHasher(provider.GetRequiredService<IOptions<FlowsPasswordOptions>>().Value));
        services.AddSingleton(provider => new PasswordHashing(
            provider.GetRequiredService<IPasswordHasher<UserRecord>>(),
            provider.GetRequiredService<IOptions<FlowsPasswordOptions>>().Value.ConcurrentHashes));
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<TotpSecretProtector>();
        services.AddScoped<UserLockout>();
        services.AddScoped<OtpLockout>();
        services.AddScoped<UserSignOut>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddSingleton<PasswordAge>();
        services.AddSingleton<UserValidation>();
        services.AddScoped<UserEditor>();
        services.AddScoped<UserService>();
        services.AddScoped<UserMfaDeviceService>();
        services.AddScoped<ContactDeviceService>();
        services.AddScoped<SentCodeStore>();
        services.AddScoped<IMessagedCodes, MessagedCodes>();
        services.AddScoped<IContactDevices, ContactDeviceEnrollment>();
        services.AddScoped<IUserRegistrations, UserRegistrations>();
        services.AddScoped<UnverifiedRegistrationPurge>();
        services.AddSingleton<RecoveryCodeOutbox>();
        services.AddScoped<IPasswordRecovery, PasswordRecovery>();
        services.AddHostedService<RecoveryCodeSender>();
        services.AddScoped<PasskeyCredentials>();
        services.AddScoped<IPasskeys, PasskeyRelyingParty>();
        services.AddScoped<UserPasskeyService>();
        services.AddScoped<RecoveryCodeStore>();
        services.AddScoped<IRecoveryCodes>(provider => provider.GetRequiredService<RecoveryCodeStore>());
        services.AddScoped<UserRecoveryCodeService>();
        // One source per kind of second factor: a new kind is one more line here.
        services.AddScoped<IMfaDeviceSource, PasskeyDeviceSource>();
        services.AddScoped<IMfaDeviceSource, TotpDeviceSource>();
        services.AddScoped<IMfaDeviceSource>(provider => new ContactDeviceSource(provider.GetRequiredService<ServerDbContext>(), CodeChannel.Email));
        services.AddScoped<IMfaDeviceSource>(provider => new ContactDeviceSource(provider.GetRequiredService<ServerDbContext>(), CodeChannel.Sms));
        services.AddScoped<IMfaDevices, MfaDeviceList>();
        services.AddScoped<RememberedDeviceStore>();
        services.AddScoped<IRememberedDevices>(provider => provider.GetRequiredService<RememberedDeviceStore>());
        services.AddScoped<UserRememberedDeviceService>();
        services.TryAddSingleton<AuditLog>();
        return services;
    }
}
