/** Injection tokens of the ports; the composition root binds each to an adapter. */
export const TOKENS = {
  IdentityProvider: Symbol.for('IdentityProvider'),
  TokenStore: Symbol.for('TokenStore'),
  TransferService: Symbol.for('TransferService'),
  Clock: Symbol.for('Clock'),
  Random: Symbol.for('RandomSource'),
  LoginSettings: Symbol.for('LoginSettings'),
  AuthEvents: Symbol.for('AuthEvents'),
} as const;
