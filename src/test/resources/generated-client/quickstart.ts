// The README's quickstart, written against the TypeScript client openapi-generator makes of the live document
// (typescript-fetch), unpatched: GeneratedClientIT compiles it with that client and runs it with Node.
// Arguments: base URL, admin key.
import { AuditApi, ClientsApi, Configuration, PublicKeysApi, TokensApi } from './client';

// Node's own, declared here so that compiling needs no package beside TypeScript.
declare const process: { argv: string[]; exit(code: number): never };

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(what);
  }
}

async function main(): Promise<void> {
  const [base, adminKey] = process.argv.slice(2);
  const admin = new Configuration({ basePath: base, apiKey: adminKey });
  const created = await new ClientsApi(admin).createClient({
    clientRequest: { name: 'quickstart', maxPermissions: ['read-document', 'write', 'download'], documents: ['*'],
      profiles: ['instant', 'moengage', 'braze'] },
  });
  const tokens = new TokensApi(new Configuration({ basePath: base, apiKey: created.apiKey! }));

  const instant = await tokens.issueToken({ tokenRequest: { documentId: 'quickstart-doc', userId: 'alice', permissions: ['read-document'] } });
  const moengage = await tokens.issueToken({ tokenRequest: { profile: 'moengage', userId: 'alice' } });
  const braze = await tokens.issueToken({ tokenRequest: { profile: 'braze', userId: 'alice' } });
  // The bare token, as SDK callbacks take it: the same operation, asked for application/jwt.
  const bare = await (await tokens.issueTokenRaw({ tokenRequest: { profile: 'braze', userId: 'alice' } },
    async ({ init }) => ({ headers: { ...(init.headers as Record<string, string>), Accept: 'application/jwt' } }))).raw.text();
  check(bare.split('.').length === 3 && !bare.startsWith('{'), 'a bare JWT: ' + bare.substring(0, 20));

  const report = await tokens.verifyToken({ verifyRequest: { token: instant.token! } });
  check(report.valid === true, 'the instant token verifies: ' + JSON.stringify(report));

  const keys = new PublicKeysApi(new Configuration({ basePath: base }));
  const jwks = await keys.getJwks();
  check(jwks.keys.some(jwk => jwk.kid === instant.kid), 'the JWKS holds the signing key');
  const pem = await (await keys.getCurrentKeyPem()).text();
  check(pem.startsWith('-----BEGIN PUBLIC KEY-----'), 'a PEM: ' + pem);

  const audit = new AuditApi(admin);
  const page = await audit.listAuditRecords({ kind: 'token', limit: 10 });
  check((page.items ?? []).length >= 3, 'an audit page with the three tokens');
  const exported = await (await audit.exportAuditRecords({ kind: 'token' })).text();
  check(exported.trim().split('\n').length >= 3, 'the export, one record a line');

  console.log('QUICKSTART OK ' + [instant.kid, moengage.kid, braze.kid].join(' '));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
