// provider.mjs — a real OpenID Connect provider for the login tests: npm `oidc-provider`
// (a certified implementation) on loopback, with one confidential client for rathaus
// (client_secret_basic, authorization code + PKCE S256, RS256 ID tokens) and test accounts.
// Its development login pages accept any password; the account is the login name.
//
//   const op = await startProvider({ port, redirectUri, accounts: { 'sub-1': { email } } });
//   ... RATHAUS_OIDC_ISSUER=op.issuer, RATHAUS_OIDC_CLIENT_ID=op.clientId, _SECRET=op.clientSecret
//   await op.close();
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CLIENT_ID = 'rathaus';
export const CLIENT_SECRET = 'rathaus-test-geheimnis-0123456789';

export async function startProvider({ port, redirectUri, accounts }) {
  const { default: Provider } = await import(require.resolve('oidc-provider'));
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    conformIdTokenClaims: false, // e-mail in the ID token for the code flow
    cookies: { keys: ['rathaus-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, id) {
      const acc = accounts[id];
      if (!acc) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: acc.email, email_verified: acc.email_verified ?? true };
        },
      };
    },
  });
  const server = await new Promise((resolve, reject) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
