// An upstream OpenID provider for the server's federated sign-in tests: the certified Node.js provider
// (oidc-provider) with one confidential client whose redirect URI is the server's identity-provider callback,
// and the accounts the test gives it. Its sign-in page is a plain form a test posts over HTTP (or a browser fills):
//   POST /interaction/{uid}/login   login={preferred_username}  signs that account in and grants the requested scopes
//                                   (an account with "refused": true is refused: error=access_denied)
//   POST /interaction/{uid}/abort   the person cancels: error=access_denied, "End-User aborted interaction"
//
// Environment: CLIENT_ID, CLIENT_SECRET, REDIRECT_URI (required), ACCOUNTS (a JSON array of
// { sub, preferred_username, email, email_verified, name, refused? }), PORT (default 0: a free port).
// Listens on 127.0.0.1 only and prints one JSON line {"issuer": …} once it answers requests.
import * as crypto from 'node:crypto';
import * as http from 'node:http';

import Provider from 'oidc-provider';

const host = '127.0.0.1';
const port = Number.parseInt(process.env.PORT ?? '0', 10);
const { CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, REDIRECT_URI: redirectUri } = process.env;
if (!clientId || !clientSecret || !redirectUri) {
  throw new Error('CLIENT_ID, CLIENT_SECRET and REDIRECT_URI are required');
}

const accounts = JSON.parse(process.env.ACCOUNTS ?? '[]');
const accountsBySub = new Map(accounts.map((account) => [account.sub, account]));
const accountsByLogin = new Map(accounts.map((account) => [account.preferred_username, account]));

function configuration() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'upstream', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false } },
    findAccount: async (_ctx, sub) => {
      const account = accountsBySub.get(sub);
      if (!account) {
        return undefined;
      }
      const { refused: _, ...claims } = account;
      return { accountId: sub, claims: async () => claims };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  };
}

/** The sign-in page: a login field, a submit button and a cancel button. */
function page(uid, clientName) {
  return `<!DOCTYPE html><html><head><title>Upstream sign-in</title></head><body>
<h1>Sign in to continue to ${clientName}</h1>
<form method="post" action="/interaction/${uid}/login">
  <label>Username <input name="login" autocomplete="username" autofocus></label>
  <button type="submit">Sign in upstream</button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>
</body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Signs the account in and grants what the client asked for, so no consent page follows. */
async function grantedLogin(provider, details, account) {
  const grant = new provider.Grant({ accountId: account.sub, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  return { login: { accountId: account.sub }, consent: { grantId: await grant.save() } };
}

async function interact(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.writeHead(400).end();
    return;
  }
  if (req.method === 'GET' && action === undefined) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(uid, details.params.client_id));
    return;
  }
  if (req.method === 'POST' && action === 'abort') {
    await provider.interactionFinished(req, res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const account = accountsByLogin.get((await readForm(req)).get('login') ?? '');
    if (!account) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(uid, details.params.client_id));
      return;
    }
    const result = account.refused
      ? { error: 'access_denied', error_description: 'This account may not sign in to the client.' }
      : await grantedLogin(provider, details, account);
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(404).end();
}

let provider;
let callback;
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(login|abort))?(?:\?.*)?$/.exec(req.url ?? '');
  if (!match) {
    callback(req, res);
    return;
  }
  interact(provider, req, res, match[1], match[2]).catch((error) => {
    console.error('interaction failed:', error);
    if (!res.headersSent) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request' }));
    }
  });
});

// The issuer holds the port, known only once listening.
server.listen(port, host, () => {
  const issuer = `http://${host}:${server.address().port}`;
  provider = new Provider(issuer, configuration());
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error:', error));
  callback = provider.callback();
  console.log(JSON.stringify({ issuer }));
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// The test runner is the parent: when it goes, so does this process.
process.stdin.on('end', stop);
process.stdin.resume();
