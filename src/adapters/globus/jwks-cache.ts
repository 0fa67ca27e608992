import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import type { Clock } from '../../application/ports/clock.js';

export type KeyResolver = ReturnType<typeof createLocalJWKSet>;

export interface JwksCacheOptions {
  /** A cached key set older than this is fetched again (the stale one is kept if that fails). */
  readonly maxAgeMs: number;
  /** Minimum time between fetches forced by verification failures. */
  readonly cooldownMs: number;
}

/**
 * Globus Auth's key set, fetched on first use. Globus's single key has no `kid`, so a rotated key
 * shows up as a failed signature, not as an unknown `kid`: `refreshed()` refetches then, at most
 * once per cooldown, so bad tokens cannot hammer Globus.
 */
export class JwksCache {
  private cached: { readonly resolver: KeyResolver; readonly fetchedAt: number } | undefined;
  private lastFetchStartedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<KeyResolver> | undefined;

  constructor(
    private readonly fetchJwks: () => Promise<JSONWebKeySet>,
    private readonly clock: Clock,
    private readonly options: JwksCacheOptions,
  ) {}

  /** The cached key set, fetched first when cold or stale; throws when cold and unreachable. */
  async current(): Promise<KeyResolver> {
    const cached = this.cached;
    if (cached && this.clock.now() - cached.fetchedAt < this.options.maxAgeMs) return cached.resolver;
    try {
      return await this.load();
    } catch (error) {
      if (cached) return cached.resolver;
      throw error;
    }
  }

  /** A freshly fetched key set, or undefined inside the cooldown or when the fetch fails. */
  async refreshed(): Promise<KeyResolver | undefined> {
    if (this.clock.now() - this.lastFetchStartedAt < this.options.cooldownMs) return undefined;
    return this.load().catch(() => undefined);
  }

  private load(): Promise<KeyResolver> {
    if (this.pending) return this.pending;
    this.lastFetchStartedAt = this.clock.now();
    this.pending = this.fetchJwks()
      .then((jwks) => {
        const resolver = createLocalJWKSet(jwks);
        this.cached = { resolver, fetchedAt: this.clock.now() };
        return resolver;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
