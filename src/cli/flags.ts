/**
 * Every command-line flag, declared once. Commands pick flags from this table by name, so a flag
 * means the same thing, takes the same value and has the same short form everywhere, and `--help`
 * is generated from the same words.
 */
export interface FlagDef {
  type: 'string' | 'boolean';
  short?: string;
  /** What the value looks like in help (`FILE`, `text|json`). */
  value?: string;
  help: string;
  /** Shown in help; the command applies it. */
  default?: string;
}

export const FLAGS = {
  file: { type: 'string', short: 'f', value: 'FILE', help: 'the manifest', default: 'keys.yaml' },
  format: { type: 'string', value: 'FORMAT', help: 'output format' },
  out: { type: 'string', short: 'o', value: 'FILE', help: 'write the output to FILE' },
  at: { type: 'string', value: 'TIME', help: 'act as of TIME: ISO time or an offset (+30d, -2h); simulated time for local, a forecast for real providers' },
  'detailed-exitcode': { type: 'boolean', help: 'exit 2 when the plan has changes' },
  'auto-approve': { type: 'boolean', help: 'apply without asking for confirmation' },
  'log-format': { type: 'string', value: 'json|text|silent', help: 'log lines on stderr (default: text on a terminal, json otherwise)' },
  color: { type: 'boolean', help: 'colour the output even when it is not a terminal' },
  'no-color': { type: 'boolean', help: 'never colour the output (also NO_COLOR=1)' },
  schedule: { type: 'string', value: 'CRON', help: 'when to run, in UTC', default: '*/15 * * * *' },
  scope: { type: 'string', value: 'renew|all', help: 'what the daemon applies: renewals only, or every change', default: 'renew' },
  'metrics-addr': { type: 'string', value: 'HOST:PORT', help: 'serve /metrics and /healthz there', default: '127.0.0.1:9464' },
  once: { type: 'boolean', help: 'run one tick and exit' },
  jitter: { type: 'string', value: 'SECONDS', help: 'random delay before each run', default: '30' },
  'unhealthy-after': { type: 'string', value: 'N', help: 'failed runs in a row before /healthz reports unhealthy', default: '3' },
  'run-timeout': { type: 'string', value: 'SECONDS', help: 'deadline of one run; a run past it is failed and unhealthy', default: '1800' },
  'stop-timeout': { type: 'string', value: 'SECONDS', help: 'how long SIGTERM waits for a stuck run before exiting 1', default: '30' },
  provider: { type: 'string', value: 'NAME', help: 'the provider instance (or type, for material wrap)' },
  cloud: { type: 'string', value: 'aws|alibaba|huawei', help: "whose wire protocols the sandbox serves (aws: KMS + S3 + tagging API; alibaba: KMS 2016-01-20 + OSS; huawei: KMS REST v1.0 + OBS)", default: 'aws' },
  port: { type: 'string', value: 'N', help: 'port on 127.0.0.1 (0 = any free port)', default: '4599' },
  latency: { type: 'string', value: 'MS', help: 'added latency per request', default: '0' },
  quotas: { type: 'string', value: 'aws|none|SCALE', help: "the cloud's published per-operation request quotas, none, or a factor on them", default: 'aws' },
  faults: { type: 'string', value: 'RATE', help: 'share of requests failed with 5xx or a dropped connection, before applying', default: '0' },
  'faults-after-apply': { type: 'string', value: 'RATE', help: 'share of requests applied and then answered with a dropped connection', default: '0' },
  seed: { type: 'string', value: 'N', help: 'seed of the fault injection', default: '1' },
  'wrapping-key-pool': { type: 'string', value: 'N', help: 'reuse N RSA wrapping key pairs per spec instead of one per call (benchmarks)' },
  'content-type': { type: 'string', value: 'TYPE', help: "the object's content type" },
  'kms-key-id': { type: 'string', value: 'KEY', help: 'encrypt under this KMS key instead of the bucket default (as an application naming a key would)' },
  'key-spec': { type: 'string', value: 'KEY_SPEC', help: 'the key spec the material is for (checks its size)' },
  encoding: { type: 'string', value: 'raw|base64|hex', help: 'how the input file holds the material', default: 'raw' },
  'public-key': { type: 'string', value: 'DER_FILE', help: 'the wrapping public key (DER, PEM or base64)' },
  algorithm: { type: 'string', value: 'ALG', help: 'the wrapping algorithm' },
  in: { type: 'string', value: 'FILE', help: 'the plaintext material' },
  'out-private-key': { type: 'string', value: 'FILE', help: "Huawei asymmetric keys: where the wrapped private key goes" },
  'wrapping-key-spec': { type: 'string', value: 'SPEC', help: 'the wrapping key spec to expect' },
  'region-class': { type: 'string', value: 'standard|china', help: 'region rules to check against', default: 'standard' },
  force: { type: 'boolean', help: 'overwrite existing files / write where git would not ignore' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies Record<string, FlagDef>;

export type FlagName = keyof typeof FLAGS;

/** The parsed value of each flag: string flags give strings, boolean flags booleans. */
export type FlagValues = { [K in FlagName]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string };
