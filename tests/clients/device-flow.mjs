// An independent, certified client (openid-client) of the device authorization grant (RFC 8628) against a Flows
// environment: discovery, the device authorization request, then polling the token endpoint until its user has
// answered on the verification page (which this script leaves to someone else, e.g. a test acting as the user),
// and the tokens checked by openid-client (ID token signature against the server's JWKS), userinfo and a refresh.
//
//   ISSUER=http://127.0.0.1:5000/demo/as CLIENT_ID=… [CLIENT_SECRET=…] [SCOPE="openid profile offline_access"] node device-flow.mjs
//
// Prints one JSON line as soon as the device has its codes: {"userCode":…,"verificationUri":…,"verificationUriComplete":…}
// and, at the end, {"ok":true,"sub":…,"idTokenClaims":…,"userinfo":…,"refreshed":true} (exit 0), or
// {"ok":false,"step":…,"error":…} (exit 1). A refusal by the user ends with step "poll" and the server's error.
import * as client from 'openid-client';

import { HTTP_TIMEOUT_MS, StepError, requireEnv, wrap } from './code-flow.mjs';

async function deviceFlow() {
  const env = requireEnv(['ISSUER', 'CLIENT_ID']);
  const scope = env.SCOPE ?? 'openid profile offline_access';

  let config;
  try {
    config = await client.discovery(
      new URL(env.ISSUER),
      env.CLIENT_ID,
      env.CLIENT_SECRET ? { client_secret: env.CLIENT_SECRET } : undefined,
      env.CLIENT_SECRET ? client.ClientSecretBasic(env.CLIENT_SECRET) : client.None(),
      { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks], timeout: HTTP_TIMEOUT_MS / 1000 },
    );
  } catch (error) {
    throw wrap('discovery', error);
  }

  let device;
  try {
    device = await client.initiateDeviceAuthorization(config, { scope });
  } catch (error) {
    throw wrap('device_authorization', error);
  }
  if (!device.user_code || !device.verification_uri) {
    throw new StepError('device_authorization', 'the response has no user_code or verification_uri');
  }
  console.log(JSON.stringify({
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    verificationUriComplete: device.verification_uri_complete,
    interval: device.interval,
  }));

  // openid-client waits the interval between polls, and longer after slow_down, as RFC 8628 §3.5 asks.
  let tokens;
  try {
    tokens = await client.pollDeviceAuthorizationGrant(config, device);
  } catch (error) {
    throw wrap('poll', error);
  }

  const idTokenClaims = tokens.claims();
  if (!idTokenClaims?.sub) throw new StepError('poll', 'the token response has no ID token with a subject');

  let userinfo;
  try {
    userinfo = await client.fetchUserInfo(config, tokens.access_token, idTokenClaims.sub);
  } catch (error) {
    throw wrap('userinfo', error);
  }

  try {
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    if (!refreshed.access_token) throw new StepError('refresh', 'the refresh grant returned no access_token');
  } catch (error) {
    throw wrap('refresh', error);
  }

  return { ok: true, sub: idTokenClaims.sub, idTokenClaims, userinfo, refreshed: true };
}

try {
  console.log(JSON.stringify(await deviceFlow()));
} catch (error) {
  const failure = wrap('unexpected', error);
  console.log(JSON.stringify({ ok: false, step: failure.step, error: failure.message, details: failure.details }));
  process.exitCode = 1;
}
