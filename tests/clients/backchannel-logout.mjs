// An independent relying party (openid-client, with jose for the logout token) checks OpenID Connect
// Back-Channel Logout 1.0 against a Flows environment from its own side: it listens on its registered
// backchannel_logout_uri, signs in (code + PKCE, as code-flow.mjs does), ends the session at the
// end-session endpoint with its ID token as id_token_hint (RP-Initiated Logout 1.0 §2), and waits for the
// server to POST it a logout token, which it validates as §2.6 requires.
//
//   ISSUER=http://127.0.0.1:5000/test/as CLIENT_ID=… CLIENT_SECRET=… REDIRECT_URI=… USERNAME=… PASSWORD=… \
//     BACKCHANNEL_LOGOUT_URI=http://127.0.0.1:<free port>/backchannel-logout \
//     [POST_LOGOUT_REDIRECT_URI=…] [LOGOUT_WAIT_SECONDS=20] [SCOPE="openid profile"] node backchannel-logout.mjs
//
// Prints one JSON line: {"ok":true,"sid":…,"idTokenClaims":…,"logoutToken":{"header":…,"claims":…}} and
// exits 0, or {"ok":false,"step":…,"error":…} and exits 1: a refused logout token (answered 400, §2.8), or
// none within LOGOUT_WAIT_SECONDS, is a failure.
import * as http from 'node:http';

import * as jose from 'jose';
import * as client from 'openid-client';

import { HTTP_TIMEOUT_MS, StepError, redirectTarget, requireEnv, send, signInWithCode, wrap } from './code-flow.mjs';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const LOGOUT_TOKEN_TYPE = 'logout+jwt';
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';
const MAX_BODY_BYTES = 64 * 1024;
// §2.4 recommends a lifetime of at most two minutes; iat is checked "in the same way as for an ID Token" (§2.6).
const MAX_TOKEN_AGE = '5 minutes';
const CLOCK_TOLERANCE_SECONDS = 30;
const STEP_LISTEN = 'listen';
const STEP_END_SESSION = 'end session';
const STEP_WAIT = 'backchannel logout';
const STEP_TOKEN = 'logout token';

// ---- The back-channel logout endpoint (§2.5 request, §2.8 response) ----------------------------------

/** Listens on BACKCHANNEL_LOGOUT_URI; `next` settles with the first logout token's verdict. */
async function listen(address, validate) {
  if (address.protocol !== 'http:' || address.hostname !== '127.0.0.1' || !address.port) {
    throw new StepError(STEP_LISTEN, `BACKCHANNEL_LOGOUT_URI must be http://127.0.0.1:<port>/…, got ${address.href}`);
  }
  let settle;
  const next = new Promise((resolve) => { settle = resolve; });
  const server = http.createServer(async (request, response) => {
    const verdict = await receive(address, request, validate);
    // §2.8: 200 for a logout that was done, 400 for a request or token that is not valid; never cached.
    response.writeHead(verdict.ok ? 200 : 400, { 'cache-control': 'no-store', 'content-type': 'application/json' });
    response.end(verdict.ok ? '{}' : JSON.stringify({ error: 'invalid_request', error_description: verdict.error.message }));
    // A token sent before this run has a session is another run's (a delivery retried to the same address): it is
    // refused, and the run goes on waiting for the token of its own session.
    if (!verdict.early) settle(verdict);
  });
  await new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new StepError(STEP_LISTEN, `cannot listen on ${address.host}: ${error.message}`)));
    server.listen(Number(address.port), address.hostname, resolve);
  });
  // The server's HTTP client keeps its connection alive: drop it, or node would wait for it before exiting.
  return { next, close: () => { server.close(); server.closeAllConnections(); } };
}

/** A logout token that came before this run had a session to end: not this run's. */
class EarlyToken extends StepError {
  constructor(message) { super(STEP_TOKEN, message); }
}

async function receive(address, request, validate) {
  try {
    const path = new URL(request.url, address).pathname;
    if (request.method !== 'POST' || path !== address.pathname) {
      throw new StepError(STEP_TOKEN, `expected POST ${address.pathname}, got ${request.method} ${path}`);
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== FORM_MEDIA_TYPE) throw new StepError(STEP_TOKEN, `the request is ${type || 'untyped'}, not ${FORM_MEDIA_TYPE} (§2.5)`);
    const token = new URLSearchParams(await readBody(request)).get('logout_token');
    if (!token) throw new StepError(STEP_TOKEN, 'the request carries no logout_token (§2.5)');
    return { ok: true, ...(await validate(token)) };
  } catch (error) {
    return { ok: false, early: error instanceof EarlyToken, error: wrap(STEP_TOKEN, error) };
  }
}

async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new StepError(STEP_TOKEN, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// ---- The logout token (§2.4, validated as §2.6 says) -------------------------------------------------

/** A validator of logout tokens for the session that `session()` names once the client has signed in. */
function logoutTokenValidator(config, clientId, session) {
  const metadata = config.serverMetadata();
  const keys = jose.createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: HTTP_TIMEOUT_MS });
  // §2.6 step 2: validated as an ID token's signature is, and never with alg "none".
  const algorithms = (metadata.id_token_signing_alg_values_supported ?? ['RS256']).filter((alg) => alg !== 'none');
  const seen = new Set();

  return async (token) => {
    const expected = session();
    if (!expected) throw new EarlyToken('a logout token arrived before the client signed in');
    let verified;
    try {
      // Steps 2 and 3: signature against the issuer's JWKS, iss, aud (this client), iat (present, not too old),
      // exp when present; typ logout+jwt keeps an ID token or access token from passing for a logout token (§2.4).
      verified = await jose.jwtVerify(token, keys, {
        issuer: metadata.issuer,
        audience: clientId,
        typ: LOGOUT_TOKEN_TYPE,
        algorithms,
        requiredClaims: ['iat', 'jti', 'events'],
        maxTokenAge: MAX_TOKEN_AGE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
    } catch (error) {
      throw new StepError(STEP_TOKEN, `the logout token is not valid: ${error.message}`, { code: error.code, claims: unverifiedClaims(token) });
    }
    const { payload: claims, protectedHeader: header } = verified;
    const refuse = (message) => { throw new StepError(STEP_TOKEN, message, { claims }); };

    // Step 4: a sub or a sid; this client asked for sessions (backchannel_logout_session_required), so a sid.
    if (typeof claims.sid !== 'string' || !claims.sid) refuse('the logout token names no session (sid)');
    // Step 5: events holds the back-channel logout event, as a JSON object.
    const event = claims.events?.[LOGOUT_EVENT];
    if (typeof claims.events !== 'object' || event === null || typeof event !== 'object' || Array.isArray(event)) {
      refuse(`the events claim has no ${LOGOUT_EVENT} member that is a JSON object`);
    }
    // Step 6: a nonce would let an ID token pass for a logout token and the other way round.
    if ('nonce' in claims) refuse('the logout token carries a nonce');
    // Step 7: a jti seen before is a replay.
    if (typeof claims.jti !== 'string' || !claims.jti) refuse('the logout token has no jti');
    if (seen.has(claims.jti)) refuse(`the logout token ${claims.jti} was received before`);
    seen.add(claims.jti);
    // Steps 8 to 10: iss, sub and sid are those of the ID token of the session this client signed in to.
    if (claims.iss !== expected.iss) refuse(`the logout token's iss ${claims.iss} is not the ID token's ${expected.iss}`);
    if (claims.sub !== undefined && claims.sub !== expected.sub) refuse(`the logout token names another subject: ${claims.sub}`);
    if (claims.sid !== expected.sid) refuse(`the logout token names session ${claims.sid}, not the ID token's ${expected.sid}`);
    return { logoutToken: { header, claims } };
  };
}

/** The payload as sent, for the report of a token that failed before its claims were checked. */
function unverifiedClaims(token) {
  try {
    return jose.decodeJwt(token);
  } catch {
    return undefined;
  }
}

// ---- RP-Initiated Logout 1.0 -------------------------------------------------------------------------

/** Ends the session with the ID token as hint and follows the server until it sends the browser back. */
async function endSession(config, jar, idToken, postLogoutRedirectUri) {
  if (!config.serverMetadata().end_session_endpoint) {
    throw new StepError(STEP_END_SESSION, 'the discovery document names no end_session_endpoint');
  }
  const state = client.randomState();
  const parameters = { id_token_hint: idToken };
  if (postLogoutRedirectUri) Object.assign(parameters, { post_logout_redirect_uri: postLogoutRedirectUri, state });
  let url = client.buildEndSessionUrl(config, parameters);
  const origin = url.origin;
  for (let hops = 0; hops < 5; hops += 1) {
    const response = await send(jar, STEP_END_SESSION, url);
    if (response.status === 200) {
      if (postLogoutRedirectUri) throw new StepError(STEP_END_SESSION, `${url.pathname} answered a page instead of returning to POST_LOGOUT_REDIRECT_URI`);
      return;
    }
    url = redirectTarget(STEP_END_SESSION, url, response);
    if (postLogoutRedirectUri && url.href.startsWith(`${postLogoutRedirectUri}?`)) {
      // RP-Initiated Logout 1.0 §3: the state the client sent comes back with it.
      if (url.searchParams.get('state') !== state) throw new StepError(STEP_END_SESSION, 'the post-logout redirect does not carry the state that was sent');
      return;
    }
    if (url.origin !== origin) throw new StepError(STEP_END_SESSION, `redirected off the server to ${url.origin}`);
  }
  throw new StepError(STEP_END_SESSION, 'the end-session endpoint did not finish within 5 redirects');
}

// ---- The run -----------------------------------------------------------------------------------------

async function run() {
  const env = requireEnv(['ISSUER', 'CLIENT_ID', 'REDIRECT_URI', 'USERNAME', 'PASSWORD', 'BACKCHANNEL_LOGOUT_URI']);
  const waitSeconds = Number(env.LOGOUT_WAIT_SECONDS ?? 20);
  let session;
  let validate = async () => { throw new EarlyToken('a logout token arrived before discovery'); };
  const endpoint = await listen(new URL(env.BACKCHANNEL_LOGOUT_URI), (token) => validate(token));
  try {
    const { config, tokens, idTokenClaims, jar } = await signInWithCode(env, env.SCOPE ?? 'openid profile');
    validate = logoutTokenValidator(config, env.CLIENT_ID, () => session);
    const metadata = config.serverMetadata();
    if (metadata.backchannel_logout_supported !== true || metadata.backchannel_logout_session_supported !== true) {
      throw new StepError('discovery', 'the server does not advertise backchannel_logout_supported and backchannel_logout_session_supported (§2.1)');
    }
    if (typeof idTokenClaims.sid !== 'string' || !idTokenClaims.sid) {
      throw new StepError('code exchange', 'the ID token names no session (sid), though the server supports sessions (§2.1)');
    }
    session = { iss: idTokenClaims.iss, sub: idTokenClaims.sub, sid: idTokenClaims.sid };

    await endSession(config, jar, tokens.id_token, env.POST_LOGOUT_REDIRECT_URI);

    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(resolve, waitSeconds * 1000); });
    const verdict = await Promise.race([endpoint.next, timeout]);
    clearTimeout(timer);
    if (!verdict) throw new StepError(STEP_WAIT, `no logout token arrived within ${waitSeconds} s of ending the session`);
    if (!verdict.ok) throw verdict.error;
    return { ok: true, sub: idTokenClaims.sub, sid: idTokenClaims.sid, idTokenClaims, logoutToken: verdict.logoutToken };
  } finally {
    endpoint.close();
  }
}

try {
  console.log(JSON.stringify(await run()));
} catch (error) {
  const failure = wrap('unexpected', error);
  console.log(JSON.stringify({ ok: false, step: failure.step, error: failure.message, details: failure.details }));
  process.exitCode = 1;
}
