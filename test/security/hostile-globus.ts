import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { startStack, type Stack, type StackOptions } from '../support/start-stack.js';
import { StackHarness, type Started } from '../support/use-stack.js';

interface KeyPair {
  readonly privateKey: CryptoKey;
  /** The private key as a JWK, to re-import it for another algorithm (WebCrypto keys are bound to one). */
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  /** The public key as PEM text: what an alg-confusion attacker would use as an HMAC secret. */
  readonly publicPem: string;
}

async function keyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true, modulusLength: 2048 });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), alg: 'RS512', use: 'sig' };
  return { privateKey, privateJwk, publicJwk, publicPem: await exportSPKI(publicKey) };
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Ways to forge an id_token, handed to a tamper function. */
export interface Forge {
  /** Signed RS512 with the key this "Globus" publishes at /jwk.json (a valid signature). */
  sign(claims: JWTPayload): Promise<string>;
  /** Signed RS512 with a key that is not in the published key set. */
  signWithForeignKey(claims: JWTPayload): Promise<string>;
  /** Signed with the published key but another RSA algorithm. */
  signWithAlg(claims: JWTPayload, alg: 'RS256' | 'PS512'): Promise<string>;
  /** `alg: HS256` keyed with the published public key: the classic algorithm-confusion attack. */
  signHs256WithPublicKey(claims: JWTPayload): Promise<string>;
  /** `alg: none`, no signature. */
  unsigned(claims: JWTPayload): string;
}

/** Rewrites the id_token of a code-exchange response, given the genuine claims the fake issued. */
export type Tamper = (claims: JWTPayload, forge: Forge) => Promise<string>;

/** Default: the genuine claims, re-signed with the published key. Such a login must succeed. */
export const RESIGN_UNCHANGED: Tamper = (claims, forge) => forge.sign(claims);

export interface HostileGlobus {
  /** Base URL with a trailing slash, for GLOBUS_AUTH_URL / GLOBUS_TRANSFER_URL. */
  readonly url: string;
  /** Applied to the next code-exchange responses until changed. */
  tamper: Tamper;
  /** GET /jwk.json requests received so far. */
  jwksRequests(): number;
  /** Every id_token this proxy handed to the app. */
  readonly idTokensSent: string[];
  /** Publishes a new signing key (the old one is gone), as a key rotation at Globus would. */
  rotateKey(): Promise<void>;
  close(): Promise<void>;
}

const readAll = async (stream: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

function forward(target: URL, method: string, headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) outgoing[name] = value;
  if (body.length > 0) outgoing['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method, headers: outgoing }, (res) => {
      readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A hostile "Globus Auth" for black-box tests: a loopback proxy in front of the fake Globus that
 * publishes its own signing key and rewrites the id_token of every code exchange with `tamper`.
 * Everything else (authorize, sign-in, consent, token, revoke, Transfer) passes through to the
 * fake, so the fake still records and revokes the real tokens.
 */
export async function startHostileGlobus(fakeUrl: string): Promise<HostileGlobus> {
  let published = await keyPair();
  const foreign = await keyPair();
  let jwksRequests = 0;
  const idTokensSent: string[] = [];

  const forge: Forge = {
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS512' }).sign(published.privateKey),
    signWithForeignKey: (claims) => new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS512' }).sign(foreign.privateKey),
    signWithAlg: async (claims, alg) => {
      const sameKey = await importJWK({ ...published.privateJwk, alg }, alg);
      return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg }).sign(sameKey);
    },
    signHs256WithPublicKey: (claims) =>
      new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'HS256' }).sign(new TextEncoder().encode(published.publicPem)),
    unsigned: (claims) => `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(claims)}.`,
  };

  const proxy: HostileGlobus = {
    url: '',
    tamper: RESIGN_UNCHANGED,
    jwksRequests: () => jwksRequests,
    idTokensSent,
    async rotateKey() {
      published = await keyPair();
    },
    close: () => Promise.resolve(),
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      const pathname = new URL(path, 'http://x').pathname;
      if (req.method === 'GET' && pathname === '/jwk.json') {
        jwksRequests += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [published.publicJwk] }));
        return;
      }
      const upstream = await forward(new URL(path.replace(/^\/+/, ''), fakeUrl), req.method ?? 'GET', req.headers, await readAll(req));
      let body = upstream.body;
      if (req.method === 'POST' && pathname === '/v2/oauth2/token' && upstream.status === 200) {
        const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        if (typeof json['id_token'] === 'string') {
          json['id_token'] = await proxy.tamper(decodeJwt(json['id_token']), forge);
          idTokensSent.push(json['id_token'] as string);
        }
        body = Buffer.from(JSON.stringify(json));
      }
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      headers['content-length'] = String(body.length);
      res.writeHead(upstream.status, headers);
      res.end(body);
    })().catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`hostile proxy failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}


/** A StackHarness whose app reaches Globus through a HostileGlobus. */
export class HostileStackHarness extends StackHarness<Started & { readonly hostile: HostileGlobus }> {
  get hostile(): HostileGlobus {
    return this.started.hostile;
  }
}

/**
 * The app with Globus Auth behind a HostileGlobus, for the enclosing describe; before each test,
 * on top of StackHarness's reset, the hostile Globus goes back to re-signing claims unchanged.
 */
export function useHostileStack(options: Omit<StackOptions, 'globusUrlFor'> = {}): HostileStackHarness {
  const harness = new HostileStackHarness(async () => {
    const proxy: { hostile?: HostileGlobus } = {};
    const stack: Stack = await startStack({
      ...options,
      globusUrlFor: async (fake) => {
        proxy.hostile = await startHostileGlobus(fake.url);
        return proxy.hostile.url;
      },
    });
    const { hostile } = proxy;
    if (!hostile) throw new Error('the hostile Globus did not start');
    return {
      stack,
      fake: stack.fake,
      hostile,
      async close() {
        await stack.close();
        await hostile.close();
      },
    };
  });
  beforeEach(() => {
    harness.hostile.tamper = RESIGN_UNCHANGED;
  });
  return harness;
}
