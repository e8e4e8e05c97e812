/** Huawei KMS REST v1.0 routing: `/v1.0/{project_id}/kms/<verb>` and the per-key tag paths. */
import type { IncomingMessage } from 'node:http';
import type { LocalSimulator } from '../../sim/simulator.js';
import type { Reply, Routed } from '../aws/types.js';
import { failReply, kmsError, kmsReply, parseBody } from './kms-json.js';
import * as keys from './kms-keys.js';
import * as imports from './kms-import.js';
import * as ta from './kms-tags-aliases.js';

type Run = (body: Record<string, unknown>) => unknown;
interface Op {
  op: string;
  mutating: boolean;
  status?: number;
  run: Run;
}

const PATH_RE = /^\/v1\.0\/([^/]+)\/kms\/(.+?)\/?$/;

function pick(sim: LocalSimulator, method: string, rest: string, q: URLSearchParams): Op | null {
  const post = (op: string, mutating: boolean, run: Run): Op | null => (method === 'POST' ? { op, mutating, run } : null);
  switch (rest) {
    case 'create-key': return post('create-key', true, (b) => keys.createKey(sim, b));
    case 'describe-key': return post('describe-key', false, (b) => keys.describeKey(sim, b));
    case 'list-keys': return post('list-keys', false, (b) => keys.listKeys(sim, b));
    case 'enable-key': return post('enable-key', true, (b) => keys.setEnabled(sim, b, true));
    case 'disable-key': return post('disable-key', true, (b) => keys.setEnabled(sim, b, false));
    case 'schedule-key-deletion': return post('schedule-key-deletion', true, (b) => keys.scheduleDeletion(sim, b));
    case 'cancel-key-deletion': return post('cancel-key-deletion', true, (b) => keys.cancelDeletion(sim, b));
    case 'get-parameters-for-import': return post('get-parameters-for-import', true, (b) => imports.getParameters(sim, b));
    case 'import-key-material': return post('import-key-material', true, (b) => imports.importMaterial(sim, b));
    case 'delete-imported-key-material': return post('delete-imported-key-material', true, (b) => imports.deleteMaterial(sim, b));
    case 'alias/associate': return post('associate-alias', true, (b) => ta.associateAlias(sim, b));
    case 'aliases':
      if (method === 'POST') return { op: 'create-alias', mutating: true, run: (b) => ta.createAlias(sim, b) };
      if (method === 'DELETE') return { op: 'delete-alias', mutating: true, status: 204, run: (b) => ta.deleteAliases(sim, b) };
      if (method === 'GET') return { op: 'list-aliases', mutating: false, run: () => ta.listAliases(sim, q) };
      return null;
  }
  const tags = /^([0-9a-f-]{36})\/tags(\/action)?$/.exec(rest);
  if (!tags) return null;
  const keyId = tags[1]!;
  if (tags[2]) return method === 'POST' ? { op: 'batch-create-kms-tags', mutating: true, status: 204, run: (b) => ta.tagsAction(sim, keyId, b) } : null;
  if (method === 'POST') return { op: 'create-kms-tag', mutating: true, status: 204, run: (b) => ta.addTag(sim, keyId, b) };
  if (method === 'GET') return { op: 'show-kms-tags', mutating: false, run: () => ta.listTags(sim, keyId) };
  return null;
}

export function isKmsPath(path: string): boolean {
  return path.startsWith('/v1.0/') || path.startsWith('/v2/');
}

export function routeKms(sim: LocalSimulator, req: IncomingMessage, url: URL): Routed | Reply {
  const m = PATH_RE.exec(url.pathname);
  const method = req.method ?? 'GET';
  const op = m ? pick(sim, method, m[2]!, url.searchParams) : null;
  if (!m || !op) return kmsError('KMS.0200', `The sandbox does not implement ${method} ${url.pathname}`, 404);
  const headerProject = req.headers['x-project-id'];
  if (typeof headerProject === 'string' && headerProject !== decodeURIComponent(m[1]!)) {
    return kmsError('KMS.0201', 'The project id in the path differs from X-Project-Id', 400);
  }
  return {
    service: 'kms',
    op: op.op,
    mutating: op.mutating,
    async run(body) {
      try {
        const out = await op.run(parseBody(body));
        return kmsReply(out, out === undefined ? (op.status ?? 200) : 200);
      } catch (e) {
        return failReply(e, op.op);
      }
    },
  };
}
