export { startAlibabaSandbox } from './server.js';
export type { AlibabaSandboxHandle, AlibabaSandboxOptions } from './types.js';
export { DEFAULT_ACCESS_KEYS } from './types.js';
export { ALIBABA_SIM_RULES } from './rules.js';
