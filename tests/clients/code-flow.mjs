// An independent, certified relying party (openid-client) signs a user in against a Flows environment
// without a browser: authorization code + PKCE (S256), with the hosted sign-on page's JSON flow API
// driven by plain fetch and a small cookie jar, then the code exchange, ID token validation against the
// server's JWKS, UserInfo and a refresh grant, all done by openid-client.
//
//   ISSUER=http://127.0.0.1:5000/demo/as CLIENT_ID=… REDIRECT_URI=… USERNAME=… PASSWORD=… \
//     [TOTP_SECRET=<Base32>] [CLIENT_SECRET=…] [SCOPE="openid profile offline_access"] [PAR=1] node code-flow.mjs
//
// With PAR=1 the authorization request is pushed first (RFC 9126) and the browser is sent to the authorization
// endpoint with only client_id and the request_uri the server answered.
//
// Prints one JSON line: {"ok":true,"sub":…,"idTokenClaims":…,"userinfo":…,"refreshed":true} and exits 0,
// or {"ok":false,"step":…,"error":…} and exits 1 as soon as any step fails.
// `node code-flow.mjs --self-test` checks the TOTP code generator against RFC 6238's test vectors.
// Other scripts import its sign-in (signInWithCode) and helpers; it runs only when node is given this file.
import * as crypto from 'node:crypto';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import * as client from 'openid-client';

const FLOW_MEDIA_TYPE = (action) => `application/vnd.pingidentity.${action}+json`;
const MAX_FLOW_STEPS = 10;
export const HTTP_TIMEOUT_MS = 15_000;

/** A failed step: what the script was doing and why it stopped. */
export class StepError extends Error {
  constructor(step, message, details) {
    super(message);
    this.step = step;
    this.details = details;
  }
}

// ---- TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps) ------------------------------------------------

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const char of clean) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`TOTP_SECRET is not Base32 (bad character '${char}')`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(key, unixSeconds, { step = 30, digits = 6 } = {}) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / step)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f; // RFC 4226 §5.3 dynamic truncation
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

async function currentOtp(secret) {
  // A code computed in the last seconds of its step may expire on the way: wait for a fresh step.
  const remaining = 30 - (Date.now() / 1000) % 30;
  if (remaining < 3) await new Promise((resolve) => setTimeout(resolve, remaining * 1000 + 100));
  return totp(base32Decode(secret), Date.now() / 1000);
}

function selfTest() {
  // RFC 6238 Appendix B, SHA1 seed "12345678901234567890" (Base32 below), last 6 of the 8 digits.
  const key = base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  const vectors = [[59, '287082'], [1111111109, '081804'], [1111111111, '050471'], [1234567890, '005924'],
    [2000000000, '279037'], [20000000000, '353130']];
  for (const [time, expected] of vectors) {
    const actual = totp(key, time);
    if (actual !== expected) throw new Error(`TOTP at ${time}: ${actual}, expected ${expected}`);
  }
  console.log(JSON.stringify({ ok: true, selfTest: 'totp', vectors: vectors.length }));
}

// ---- HTTP with a cookie jar (RFC 6265, enough for one origin) ----------------------------------------

export class CookieJar {
  #cookies = new Map(); // `${host}|${path}|${name}` → { host, path, name, value, expires }

  store(url, response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie = { host: url.hostname, name: pair.slice(0, eq), value: pair.slice(eq + 1), path: defaultPath(url) };
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split('=');
        const value = rest.join('=');
        switch (key.toLowerCase()) {
          case 'path': if (value.startsWith('/')) cookie.path = value; break;
          case 'max-age': cookie.expires = Date.now() + Number(value) * 1000; break;
          case 'expires': cookie.expires ??= Date.parse(value); break;
          default: break;
        }
      }
      const key = `${cookie.host}|${cookie.path}|${cookie.name}`;
      if (cookie.expires !== undefined && cookie.expires <= Date.now()) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  header(url) {
    return [...this.#cookies.values()]
      .filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path)
        && (c.expires === undefined || c.expires > Date.now()))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  has(name) {
    return [...this.#cookies.values()].some((c) => c.name === name);
  }
}

function defaultPath(url) {
  const slash = url.pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : url.pathname.slice(0, slash);
}

function pathMatches(requestPath, cookiePath) {
  return requestPath === cookiePath
    || (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'));
}

export async function send(jar, step, url, { method = 'GET', headers = {}, body } = {}) {
  const cookie = jar.header(url);
  let response;
  try {
    response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { ...headers, ...(cookie ? { cookie } : {}) },
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
  } catch (error) {
    throw new StepError(step, `${method} ${url.href} failed: ${error.cause?.message ?? error.message}`);
  }
  jar.store(url, response);
  return response;
}

export function redirectTarget(step, url, response) {
  const location = response.headers.get('location');
  if (![301, 302, 303, 307, 308].includes(response.status) || !location) {
    throw new StepError(step, `expected a redirect from ${url.pathname}, got HTTP ${response.status}`);
  }
  return new URL(location, url);
}

// ---- The flow API (CONTRACT.md "Flow orchestration API") ---------------------------------------------

async function readFlow(step, url, response) {
  const text = await response.text();
  if (response.status !== 200) {
    throw new StepError(step, `${url.pathname} answered HTTP ${response.status}`, { body: text.slice(0, 500) });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new StepError(step, `${url.pathname} answered a body that is not JSON`, { body: text.slice(0, 500) });
  }
}

async function postAction(jar, flowUrl, flow, action, payload) {
  const step = `flow ${flow.status} → ${action}`;
  const href = flow._links?.[action]?.href;
  if (!href) {
    throw new StepError(step, `flow in ${flow.status} has no _links.${action}`, { links: Object.keys(flow._links ?? {}) });
  }
  const url = new URL(href, flowUrl);
  const response = await send(jar, step, url, {
    method: 'POST',
    headers: { 'content-type': FLOW_MEDIA_TYPE(action), accept: 'application/json' },
    body: JSON.stringify(payload),
  });
  const next = await readFlow(step, url, response);
  if (next.error) {
    throw new StepError(step, `${action} was refused: ${next.error.code}`, { status: next.status, error: next.error });
  }
  return next;
}

/** Drives the flow from its first prompt to COMPLETED and returns its resume URL. */
async function completeFlow(jar, flowUrl, env) {
  let flow = await readFlow('flow GET', flowUrl, await send(jar, 'flow GET', flowUrl, { headers: { accept: 'application/json' } }));
  for (let steps = 0; steps < MAX_FLOW_STEPS; steps += 1) {
    switch (flow.status) {
      case 'USERNAME_PASSWORD_REQUIRED':
        flow = await postAction(jar, flowUrl, flow, 'usernamePassword.check', { username: env.USERNAME, password: env.PASSWORD });
        break;
      case 'OTP_REQUIRED':
        if (!env.TOTP_SECRET) throw new StepError('flow OTP_REQUIRED', 'the flow asks for an OTP but TOTP_SECRET is not set');
        flow = await postAction(jar, flowUrl, flow, 'otp.check', { otp: await currentOtp(env.TOTP_SECRET) });
        break;
      case 'COMPLETED':
        if (!flow.resumeUrl) throw new StepError('flow COMPLETED', 'a COMPLETED flow carries no resumeUrl');
        return new URL(flow.resumeUrl, flowUrl);
      default:
        throw new StepError(`flow ${flow.status}`, `this client cannot answer flow status ${flow.status}`, { error: flow.error });
    }
  }
  throw new StepError('flow', `the flow did not complete within ${MAX_FLOW_STEPS} actions`);
}

// ---- The sign-in -------------------------------------------------------------------------------------

export function requireEnv(names) {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length) throw new StepError('configuration', `missing environment variables: ${missing.join(', ')}`);
  return process.env;
}

/**
 * Discovery, authorize, the flow API and the code exchange (ID token checked, signature included): the signed-in
 * client's configuration, its tokens, the ID token's claims and the cookie jar that holds the server's session.
 */
export async function signInWithCode(env, scope) {
  const redirectUri = new URL(env.REDIRECT_URI);
  // openid-client sends the callback URL without its query as the token request's redirect_uri, so the
  // registered value must be that exact string for both requests to carry the same redirect_uri.
  if (redirectUri.href !== env.REDIRECT_URI || redirectUri.search || redirectUri.hash) {
    throw new StepError('configuration', `REDIRECT_URI must be a normalized URL without query or fragment, e.g. ${redirectUri.origin}${redirectUri.pathname}`);
  }
  const isCallback = (url) => url.origin === redirectUri.origin && url.pathname === redirectUri.pathname;

  // Plain http on 127.0.0.1 in tests needs allowInsecureRequests; enableNonRepudiationChecks makes
  // openid-client verify the ID token's signature against the server's jwks_uri, not only its claims.
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

  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationParameters = {
    redirect_uri: redirectUri.href,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  let authorizeUrl;
  if (env.PAR === '1') {
    try {
      authorizeUrl = await client.buildAuthorizationUrlWithPAR(config, authorizationParameters);
    } catch (error) {
      throw wrap('pushed authorization request', error);
    }
    const sent = [...authorizeUrl.searchParams.keys()].sort().join(',');
    if (sent !== 'client_id,request_uri') throw new StepError('pushed authorization request', `the authorize URL carries ${sent}`);
  } else {
    authorizeUrl = client.buildAuthorizationUrl(config, authorizationParameters);
  }

  const jar = new CookieJar();
  const signOnUrl = redirectTarget('authorize', authorizeUrl, await send(jar, 'authorize', authorizeUrl));
  if (isCallback(signOnUrl)) {
    throw new StepError('authorize', 'authorize answered the client directly', { params: Object.fromEntries(signOnUrl.searchParams) });
  }
  const flowId = signOnUrl.searchParams.get('flowId');
  if (!signOnUrl.pathname.endsWith('/signon') || !flowId) {
    throw new StepError('authorize', `expected a redirect to /{env}/signon?flowId=…, got ${signOnUrl.pathname}${signOnUrl.search}`);
  }
  if (!jar.has('ST')) throw new StepError('authorize', 'authorize set no ST session cookie');

  const envPrefix = signOnUrl.pathname.slice(0, -'/signon'.length); // "/{env}"
  const flowUrl = new URL(`${envPrefix}/flows/${encodeURIComponent(flowId)}`, signOnUrl);
  let next = await completeFlow(jar, flowUrl, env);

  // The resume endpoint answers the client's redirect_uri, perhaps through the server's own redirects.
  let callbackUrl;
  for (let hops = 0; hops < 5 && !callbackUrl; hops += 1) {
    next = redirectTarget('resume', next, await send(jar, 'resume', next));
    if (isCallback(next)) callbackUrl = next;
    else if (next.origin !== flowUrl.origin) throw new StepError('resume', `redirected off the server to ${next.origin}`);
  }
  if (!callbackUrl) throw new StepError('resume', 'resume did not redirect to REDIRECT_URI within 5 redirects');

  let tokens;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw wrap('code exchange', error);
  }
  const idTokenClaims = tokens.claims();
  if (!idTokenClaims?.sub) throw new StepError('code exchange', 'the token response has no ID token with a sub');
  return { config, tokens, idTokenClaims, jar };
}

async function signIn() {
  const env = requireEnv(['ISSUER', 'CLIENT_ID', 'REDIRECT_URI', 'USERNAME', 'PASSWORD']);
  const scope = env.SCOPE ?? 'openid profile offline_access';
  const { config, tokens, idTokenClaims } = await signInWithCode(env, scope);

  let userinfo;
  try {
    userinfo = await client.fetchUserInfo(config, tokens.access_token, idTokenClaims.sub);
  } catch (error) {
    throw wrap('userinfo', error);
  }

  if (!tokens.refresh_token) throw new StepError('refresh', `no refresh_token was issued (scope "${scope}")`);
  try {
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    if (!refreshed.access_token) throw new StepError('refresh', 'the refresh grant returned no access_token');
    const refreshedSub = refreshed.claims()?.sub;
    if (refreshedSub !== undefined && refreshedSub !== idTokenClaims.sub) {
      throw new StepError('refresh', `the refreshed ID token names another subject: ${refreshedSub}`);
    }
  } catch (error) {
    throw wrap('refresh', error);
  }

  return { ok: true, sub: idTokenClaims.sub, idTokenClaims, userinfo, refreshed: true };
}

/** Keeps openid-client's error code and the server's OAuth error (RFC 6749 §5.2) in the report. */
export function wrap(step, error) {
  if (error instanceof StepError) return error;
  const details = {};
  for (const key of ['code', 'error', 'error_description', 'status']) {
    if (error?.[key] !== undefined) details[key] = error[key];
  }
  if (error?.cause?.message) details.cause = error.cause.message;
  return new StepError(step, error?.message ?? String(error), details);
}

// node resolves the main module's symlinks, so argv[1] is compared by its real path.
const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (runDirectly && process.argv.includes('--self-test')) {
  selfTest();
} else if (runDirectly) {
  try {
    console.log(JSON.stringify(await signIn()));
  } catch (error) {
    const failure = wrap('unexpected', error);
    console.log(JSON.stringify({ ok: false, step: failure.step, error: failure.message, details: failure.details }));
    process.exitCode = 1;
  }
}
