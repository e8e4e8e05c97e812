import { AWS_FACTS } from './aws.js';
import type { CloudFacts } from './types.js';

/**
 * `local` behaves like AWS KMS on purpose (the simulator implements AWS semantics), so demos and
 * tests catch what AWS would refuse. It has no request quotas.
 */
export const LOCAL_FACTS: CloudFacts = { ...AWS_FACTS, type: 'local', title: 'local simulator (AWS KMS semantics)', quotas: [] };
