import type { FakeClient } from './types.js';

/** The client the demo app uses when nobody registered a real one. The secret has + / = on purpose (pitfall 4). */
export const DEMO_CLIENT: FakeClient = Object.freeze({
  client_id: 'de300000-0000-4000-8000-000000000000',
  client_secret: 'DEMO+secret/for+the/fake+Globus/only==',
  redirect_uris: Object.freeze(['http://localhost:5000/login']) as string[],
  name: 'Globus Login Demo',
});

/** Registered clients, looked up by id. */
export class ClientRegistry {
  private readonly byId = new Map<string, FakeClient>();

  constructor(clients: readonly FakeClient[]) {
    for (const client of clients) {
      if (client.client_id === '') throw new Error('fake Globus: a client has an empty client_id');
      if (this.byId.has(client.client_id)) throw new Error(`fake Globus: duplicate client_id ${client.client_id}`);
      if (client.redirect_uris.length === 0) throw new Error(`fake Globus: client ${client.client_id} has no redirect_uris`);
      this.byId.set(client.client_id, client);
    }
  }

  find(clientId: string): FakeClient | undefined {
    return this.byId.get(clientId);
  }

  displayName(client: FakeClient): string {
    return client.name ?? client.client_id;
  }

  all(): FakeClient[] {
    return [...this.byId.values()];
  }
}
