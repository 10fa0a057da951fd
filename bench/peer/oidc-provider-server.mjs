// Peer for the token benchmark: the certified Node.js OpenID provider (oidc-provider) configured like
// Flows' benchmark client, so both servers do the same work per request: authenticate a confidential
// client with client_secret_basic and issue an RS256-signed JWT access token by client_credentials.
//
// Environment: PORT (default 3300), HOST (default 127.0.0.1, loopback only), CLIENT_ID (default
// bench-service), CLIENT_SECRET (required: no secret lives in source; bench/peer/run.sh makes one per run).
import * as crypto from 'node:crypto';

import Provider, { errors } from 'oidc-provider';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number.parseInt(process.env.PORT ?? '3300', 10);
const clientId = process.env.CLIENT_ID ?? 'bench-service';
const clientSecret = process.env.CLIENT_SECRET;

if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  throw new Error(`HOST must be a loopback address, got ${host}`);
}
if (!clientSecret) {
  throw new Error('CLIENT_SECRET is required');
}

// The resource server every client_credentials token is issued for. Without a resource parameter
// oidc-provider asks defaultResource; its getResourceServerInfo decides the token format (RFC 8707).
const resource = 'urn:flows:bench:api';
const resourceServer = {
  scope: 'api:read',
  audience: resource,
  accessTokenTTL: 300,
  accessTokenFormat: 'jwt',
  jwt: { sign: { alg: 'RS256' } },
};

/** A fresh RS256 signing key for this process, as a private JWK with a kid (RFC 7638 thumbprint). */
function generateSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const thumbprintInput = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  const kid = crypto.createHash('sha256').update(thumbprintInput).digest('base64url');
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: resourceServer.scope,
    },
  ],
  // Scopes the server knows beyond the OpenID ones; a client may only register known scopes.
  scopes: resourceServer.scope.split(' '),
  jwks: { keys: [generateSigningKey()] },
  // Cookie signing keys, so nothing falls back to unsigned cookies (no cookie is used by this grant).
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resourceIndicator) => {
        if (resourceIndicator !== resource) {
          throw new errors.InvalidTarget();
        }
        return resourceServer;
      },
    },
  },
  // No end-user accounts: this instance only serves the client_credentials grant.
  findAccount: async () => undefined,
  // Errors carry only the OAuth error code and description, never a stack trace.
  renderError: async (ctx, out) => {
    ctx.type = 'application/json';
    ctx.body = out;
  },
};

const issuer = `http://${host === '::1' ? '[::1]' : host}:${port}`;
const provider = new Provider(issuer, configuration);

provider.on('server_error', (_ctx, error) => {
  console.error('oidc-provider server_error:', error);
});

const server = provider.listen(port, host, () => {
  console.log(`oidc-provider ${issuer} ready; token endpoint ${issuer}/token, client ${clientId}`);
});

function stop(signal) {
  console.log(`oidc-provider stopping on ${signal}`);
  server.close(() => process.exit(0));
  // Keep-alive connections from the load tool may hold close() open; do not wait for them.
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
