// A real OpenID Provider for the end-to-end tests of "Sign in with Microsoft": the certified
// oidc-provider package, shaped like Microsoft Entra ID (tid and oid claims in the ID token).
//
// node tests/oidc/provider.mjs, with PORT, and OIDC_TEST_CLIENT and OIDC_TEST_ACCOUNTS as
// JSON. Prints "ready <issuer>" on stdout when it is listening. Sign-in uses the package's
// development interactions: POST /interaction/<uid> with prompt=login and login=<account>.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const client = JSON.parse(process.env.OIDC_TEST_CLIENT);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // Like Entra ID: the tenant and object ids come with every ID token.
  claims: {
    openid: ['sub', 'tid', 'oid', 'xms_edov'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  // Put every granted claim in the ID token, as Entra ID does; the app reads only the token.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
