/**
 * Import rules that depend on where an Alibaba key lives, checked before GetParametersForImport
 * reaches the simulator: keys in a KMS instance (DKMSInstanceId) refuse RSAES_OAEP_SHA_1, and
 * SM2PKE (EC_SM2 wrapping) is for HSM-protected keys in mainland China regions only.
 */
import type { LocalSimulator } from '../../sim/simulator.js';
import { PopError } from './rpc-reply.js';

export function checkImportRules(sim: LocalSimulator, keyRef: string, algorithm: string): void {
  const md = sim.describeKey({ KeyId: keyRef }).KeyMetadata;
  if (md.InstanceId !== undefined && algorithm === 'RSAES_OAEP_SHA_1') {
    throw new PopError('InvalidParameter.WrappingAlgorithm', 'Keys in a KMS instance do not support RSAES_OAEP_SHA_1; use RSAES_OAEP_SHA_256 or RSAES_PKCS1_V1_5.');
  }
  if (algorithm === 'SM2PKE') {
    const hsm = md.InstanceId !== undefined || md.ProtectionLevel === 'HSM';
    if (!hsm || !sim.region.startsWith('cn-')) {
      throw new PopError('InvalidParameter.WrappingAlgorithm', 'SM2PKE is available only for HSM-protected keys in regions of the Chinese mainland; use RSAES_OAEP_SHA_256 with RSA_2048.');
    }
  }
}
