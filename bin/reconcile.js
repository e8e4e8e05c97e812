#!/usr/bin/env node
// The AWS SDK prints a multi-line NodeVersionSupportWarning on stderr for Node < 22; it would break
// `--log-format json` (every stderr line JSON) and says nothing a user of this tool can act on.
// This is the SDK's own switch; set it to "false" to see the warning. Set before the SDK loads.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli/main.js');

// heapPolicy: V8 collects when the heap is 30 % past what is live instead of letting it grow up to
// 4x (src/cli/heap-policy.ts; BYOK_HEAP_GROWING_PERCENT=0 keeps V8's own policy).
process.exitCode = await main(process.argv.slice(2), undefined, { heapPolicy: true });
