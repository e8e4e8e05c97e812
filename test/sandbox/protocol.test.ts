/** Wire details the SDKs rarely exercise: signatures, 100-continue, aws-chunked framing, XML, ranges. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAwsChunked } from '../../src/wire/body.js';
import { parseXml, childText, XmlError } from '../../src/wire/aws/s3-xml.js';
import { fakeSigV4, rawRequest, startFixture, stopFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
  f.sim.createBucket({ Bucket: 'proto-bucket' });
});
afterAll(() => stopFixture(f));

const s3Auth = { authorization: fakeSigV4('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };

describe('signatures', () => {
  it('requires a SigV4-shaped Authorization header, but accepts any signature', async () => {
    const kms = { 'x-amz-target': 'TrentService.ListKeys', 'content-type': 'application/x-amz-json-1.1' };
    const none = await rawRequest(f.sb.url, { method: 'POST', headers: kms, body: '{}' });
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body).__type).toBe('MissingAuthenticationTokenException');
    const v2 = await rawRequest(f.sb.url, { method: 'POST', headers: { ...kms, authorization: 'AWS test:c2lnbmF0dXJl' }, body: '{}' });
    expect(v2.status).toBe(400);
    expect(JSON.parse(v2.body).__type).toBe('IncompleteSignatureException');
    const ok = await rawRequest(f.sb.url, { method: 'POST', headers: { ...kms, authorization: fakeSigV4() }, body: '{}' });
    expect(ok.status).toBe(200);
    const anon = await rawRequest(f.sb.url, { path: '/proto-bucket?list-type=2' });
    expect(anon.status).toBe(403);
    expect(anon.body).toContain('<Code>AccessDenied</Code>');
  });
});

describe('bodies', () => {
  it('answers Expect: 100-continue and then takes the body', async () => {
    const result = await new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
      let continued = false;
      const req = request(`${f.sb.url}/proto-bucket/continued`, { method: 'PUT', headers: { ...s3Auth, expect: '100-continue', 'content-length': '5' } });
      req.on('continue', () => {
        continued = true;
        req.end('later');
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ continued, status: res.statusCode ?? 0 }));
      });
      req.on('error', reject);
    });
    expect(result).toEqual({ continued: true, status: 200 });
    expect(f.sim.getObject({ Bucket: 'proto-bucket', Key: 'continued' }).Body.toString()).toBe('later');
  });

  it('decodes signed aws-chunked framing and drops trailers', () => {
    const sig = 'a'.repeat(64);
    const framed = Buffer.from(`5;chunk-signature=${sig}\r\nhello\r\n6;chunk-signature=${sig}\r\n world\r\n0;chunk-signature=${sig}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`);
    expect(decodeAwsChunked(framed, 11).toString()).toBe('hello world');
    expect(() => decodeAwsChunked(framed, 12)).toThrow(/11/);
    expect(() => decodeAwsChunked(Buffer.from('zz\r\nabc'))).toThrow(/malformed/);
    expect(() => decodeAwsChunked(Buffer.from('10\r\nabc'))).toThrow(/shorter/);
  });

  it('stores a raw aws-chunked PUT decoded', async () => {
    const r = await rawRequest(f.sb.url, {
      method: 'PUT',
      path: '/proto-bucket/chunked',
      headers: { ...s3Auth, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '3', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
      body: '3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n',
    });
    expect(r.status).toBe(200);
    expect(f.sim.getObject({ Bucket: 'proto-bucket', Key: 'chunked' }).Body.toString()).toBe('abc');
  });
});

describe('S3 REST details', () => {
  it('serves byte ranges and HEAD without a body', async () => {
    f.sim.putObject({ Bucket: 'proto-bucket', Key: 'ranged', Body: Buffer.from('0123456789') });
    const part = await rawRequest(f.sb.url, { path: '/proto-bucket/ranged', headers: { ...s3Auth, range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(part.body).toBe('234');
    expect(part.headers['content-range']).toBe('bytes 2-4/10');
    const head = await rawRequest(f.sb.url, { method: 'HEAD', path: '/proto-bucket/ranged', headers: s3Auth });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('10');
    expect(head.body).toBe('');
    const bad = await rawRequest(f.sb.url, { path: '/proto-bucket/ranged', headers: { ...s3Auth, range: 'bytes=50-60' } });
    expect(bad.status).toBe(416);
  });

  it('answers NotImplemented for subresources it does not serve, instead of a plain GET', async () => {
    const acl = await rawRequest(f.sb.url, { path: '/proto-bucket/ranged?acl', headers: s3Auth });
    expect(acl.status).toBe(501);
    expect(acl.body).toContain('<Code>NotImplemented</Code>');
  });

  it('URL-encodes listed keys when asked (the AWS CLI default)', async () => {
    f.sim.putObject({ Bucket: 'proto-bucket', Key: 'a b&c', Body: Buffer.from('x') });
    const r = await rawRequest(f.sb.url, { path: '/proto-bucket?list-type=2&encoding-type=url&prefix=a', headers: s3Auth });
    expect(r.body).toContain('<Key>a%20b%26c</Key>');
    expect(r.body).toContain('<EncodingType>url</EncodingType>');
  });

  it('rejects malformed XML bodies with MalformedXML', async () => {
    const r = await rawRequest(f.sb.url, { method: 'PUT', path: '/proto-bucket?encryption', headers: s3Auth, body: '<ServerSideEncryptionConfiguration><Rule>' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('<Code>MalformedXML</Code>');
  });
});

describe('XML parser', () => {
  it('reads elements, entities, CDATA and namespaces, and refuses broken documents', () => {
    const doc = parseXml('<?xml version="1.0"?><!-- c --><s3:Tagging xmlns:s3="x"><Tag><Key>a &amp; b</Key><Value><![CDATA[<v>]]></Value></Tag><Empty/></s3:Tagging>');
    expect(doc.name).toBe('Tagging');
    const tagNode = doc.children[0]!;
    expect(childText(tagNode, 'Key')).toBe('a & b');
    expect(childText(tagNode, 'Value')).toBe('<v>');
    expect(doc.children[1]!.name).toBe('Empty');
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError);
    expect(() => parseXml('<a/><b/>')).toThrow(XmlError);
    expect(() => parseXml('<a>')).toThrow(XmlError);
  });
});
