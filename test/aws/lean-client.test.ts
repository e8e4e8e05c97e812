import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients, destroyClients } from '../../src/providers/aws/clients.js';
import { DROPPED_MIDDLEWARE, sharedAgents } from '../../src/providers/aws/lean-client.js';

/**
 * The provider's SDK clients share one keep-alive socket pool and skip middleware with no use here.
 * A real HTTP server on 127.0.0.1 counts the TCP connections and shows the headers that arrive.
 */
let server: Server;
let endpoint: string;
let connections = 0;
const seen: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(target.endsWith('GetResources')
        ? JSON.stringify({ ResourceTagMappingList: [], PaginationToken: '' })
        : JSON.stringify({ KeyMetadata: { KeyId: 'k1', Arn: 'arn:aws:kms:us-east-1:111122223333:key/k1', KeyState: 'Enabled' } }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('lean AWS clients', () => {
  it('KMS and the tagging API reuse one kept-alive connection; no user-agent or recursion middleware runs', async () => {
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    const clients = createClients({ name: 'b', type: 'aws', region: 'us-east-1', endpoint: { kms: endpoint, s3: endpoint } } as never, 1, sharedAgents(4));
    try {
      for (const name of DROPPED_MIDDLEWARE) expect(clients.kms.middlewareStack.identify().join('\n')).not.toContain(name);
      expect(clients.kms.middlewareStack.identify().join('\n')).toContain('awsAuthMiddleware');
      const before = connections;
      for (let i = 0; i < 3; i++) {
        const out = await clients.kms.send(new DescribeKeyCommand({ KeyId: 'k1' }));
        expect(out.KeyMetadata?.KeyId).toBe('k1');
        await clients.tagging.send(new GetResourcesCommand({ ResourcesPerPage: 100 }));
      }
      expect(connections - before).toBe(1);
      const last = seen[seen.length - 1]!;
      expect(last.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
      expect(last['x-amz-user-agent']).toBeUndefined();
    } finally {
      destroyClients(clients);
    }
  });
});
