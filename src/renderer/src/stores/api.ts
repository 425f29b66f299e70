import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { ApiClient, type ApiConnection } from '../api/api-client';

/** The one API client of the page, made once the connection is known (main.ts). */
export const useApiStore = defineStore('api', () => {
  const client = shallowRef<ApiClient | null>(null);

  function connect(connection: ApiConnection, fetchFunction?: ConstructorParameters<typeof ApiClient>[1]): void {
    client.value = new ApiClient(connection, fetchFunction);
  }

  function requireClient(): ApiClient {
    if (!client.value) throw new Error('The API client is used before main.ts connected it');
    return client.value;
  }

  return { client, connect, requireClient };
});
