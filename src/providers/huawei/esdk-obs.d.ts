/**
 * The part of `esdk-obs-nodejs` (which ships no types) this project uses. Every method resolves
 * (it does not reject on HTTP errors): `CommonMsg.Status` >= 300 carries `Code` and `Message`.
 */
declare module 'esdk-obs-nodejs' {
  namespace ObsClient {
    interface ObsCommonMsg {
      Status: number;
      Code: string;
      Message: string;
      RequestId?: string;
    }
    interface ObsResult {
      CommonMsg: ObsCommonMsg;
      InterfaceResult: Record<string, any>;
    }
    interface ObsClientOptions {
      access_key_id: string;
      secret_access_key: string;
      security_token?: string;
      server: string;
      path_style?: boolean;
      signature?: 'obs' | 'v2' | 'v4';
      max_retry_count?: number;
      timeout?: number;
      is_signature_negotiation?: boolean;
    }
  }
  class ObsClient {
    constructor(options: ObsClient.ObsClientOptions);
    createBucket(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    headBucket(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    setBucketEncryption(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    getBucketEncryption(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    putObject(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    getObject(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    getObjectMetadata(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    copyObject(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    listObjects(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    getObjectTagging(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    setObjectTagging(param: Record<string, unknown>): Promise<ObsClient.ObsResult>;
    close(): void;
  }
  export = ObsClient;
}
