/** Presigned GET links to private report files in S3: the bucket stays private, a link works for a while. */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobLinks } from '#lib/ports.ts';

export class S3BlobLinks implements BlobLinks {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  linkFor(key: string, options: { expiresInSeconds: number; contentType: string }): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: options.contentType }),
      // SigV4 presigned URLs live at most 7 days.
      { expiresIn: Math.min(options.expiresInSeconds, 7 * 24 * 3600) },
    );
  }
}
