import type { CompleteLogin } from '../../application/complete-login.js';
import type { GetCurrentUser } from '../../application/get-current-user.js';
import type { KeepSessionAlive } from '../../application/keep-session-alive.js';
import type { ListEndpoints } from '../../application/list-endpoints.js';
import type { Logout } from '../../application/logout.js';
import type { StartLogin } from '../../application/start-login.js';

/** The use cases the routes drive; passed in, so HTTP tests need no container. */
export interface UseCases {
  readonly startLogin: Pick<StartLogin, 'execute'>;
  readonly completeLogin: Pick<CompleteLogin, 'execute'>;
  readonly logout: Pick<Logout, 'execute'>;
  readonly listEndpoints: Pick<ListEndpoints, 'execute'>;
  readonly getCurrentUser: Pick<GetCurrentUser, 'execute'>;
  readonly keepSessionAlive: Pick<KeepSessionAlive, 'execute'>;
}
