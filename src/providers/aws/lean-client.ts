import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * Client CPU per request is what bounds a 10,000-key re-plan (one DescribeKey per key), so the
 * three SDK clients of a provider share one pair of keep-alive agents (one socket pool instead of
 * three; sockets stay open between pages and describes), and drop the per-request middleware that
 * does nothing for this tool:
 * - getUserAgentMiddleware builds and escapes a user-agent string on every request;
 * - recursionDetectionMiddleware reads Lambda's trace variables on every request;
 * - loggerMiddleware logs to a logger this tool never gives the SDK.
 * Signing, retries, host header, content length, (de)serialisation stay as the SDK has them.
 */
export const DROPPED_MIDDLEWARE = ['getUserAgentMiddleware', 'recursionDetectionMiddleware', 'loggerMiddleware'] as const;

export interface SharedAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

/** maxSockets: the requests this provider has in flight at most (its concurrency setting). */
export function sharedAgents(maxSockets: number): SharedAgents {
  const options = { keepAlive: true, maxSockets, keepAliveMsecs: 1000 };
  return { httpAgent: new HttpAgent(options), httpsAgent: new HttpsAgent(options) };
}

interface StackLike {
  middlewareStack: { remove(name: string): boolean };
}

export function leanClient<C extends StackLike>(client: C): C {
  for (const name of DROPPED_MIDDLEWARE) client.middlewareStack.remove(name);
  return client;
}

export function destroyAgents(agents: SharedAgents): void {
  agents.httpAgent.destroy();
  agents.httpsAgent.destroy();
}
