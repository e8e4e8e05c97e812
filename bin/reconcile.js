#!/usr/bin/env node
// The AWS SDK prints a multi-line NodeVersionSupportWarning on stderr for Node < 22; it would break
// `--log-format json` (every stderr line JSON) and says nothing a user of this tool can act on.
// This is the SDK's own switch; set it to "false" to see the warning. Set before the SDK loads.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// How V8 sizes this process's heap (src/cli/heap-policy.ts; BYOK_HEAP_GROWING_PERCENT=0 keeps
// V8's own policy), set before anything else is loaded.
const { applyCliHeapPolicy } = await import('../dist/cli/heap-policy.js');
applyCliHeapPolicy(process.argv.slice(2), process.env);
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
