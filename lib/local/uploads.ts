import { FileBlobStore, LOCAL_UPLOAD_PREFIX } from '#lib/adapters/local/blob-store.ts';
import { MAX_UPLOAD_BYTES } from '#lib/app/push.ts';
import type { BlobStore, Clock } from '#lib/ports.ts';
import type { RawRequestHook } from '#lib/runtime/node-http.ts';

/**
 * The laptop's stand-in for S3's presigned uploads: PUTs to upload tickets'
 * URLs, taken on the local server before they become API events. A refused
 * upload closes its connection: its body was not read.
 */
export function localUploads(blobs: BlobStore, clock: Clock): RawRequestHook | undefined {
  if (!(blobs instanceof FileBlobStore)) return undefined;
  return async (request, response) => {
    if (!(request.url ?? '').startsWith(LOCAL_UPLOAD_PREFIX)) return false;
    const result = await blobs.receiveUpload(request, MAX_UPLOAD_BYTES, clock.now());
    response.writeHead(result.status, {
      'content-type': 'text/plain; charset=utf-8',
      ...(result.status === 200 ? {} : { connection: 'close' }),
    });
    response.end(`${result.message}\n`);
    return true;
  };
}
