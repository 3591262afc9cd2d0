/** `POST /api/files` (multipart upload, field `file`) and `GET /api/files/{id}` (download, access-checked). */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { Plugin } from '@hapi/hapi';
import { errors, type Platform } from '@folyam/platform';
import { actorOf, param } from '../../http.ts';
import { dispositionOf, MAX_UPLOAD_BYTES, readableFile, uploadFile } from './files.service.ts';

type Part = Readable & { hapi?: { filename?: string; headers?: Record<string, string> } };

export const filesPlugin: Plugin<{ platform: Platform }> = {
  name: 'folyam-files',
  register(server, { platform }) {
    server.route([
      {
        method: 'POST',
        path: '/api/files',
        options: {
          payload: {
            output: 'stream',
            parse: true,
            multipart: { output: 'stream' },
            maxBytes: MAX_UPLOAD_BYTES,
            allow: 'multipart/form-data',
          },
        },
        async handler(request, h) {
          const part = (request.payload as Record<string, unknown> | null)?.file as Part | undefined;
          if (!part || typeof part.pipe !== 'function' || !part.hapi?.filename) {
            throw errors.badRequest('INVALID_BODY', 'file', 'required');
          }
          const file = await uploadFile(platform, actorOf(request), {
            stream: part,
            name: part.hapi.filename,
            mime: part.hapi.headers?.['content-type'],
          });
          return h
            .response({ id: file.id, name: file.name, mime: file.mime, size: file.size, sha256: file.sha256 })
            .code(201);
        },
      },
      {
        method: 'GET',
        path: '/api/files/{id}',
        async handler(request, h) {
          const file = await readableFile(platform, actorOf(request), param(request, 'id'));
          const d = dispositionOf(file);
          return h
            .response(fs.createReadStream(platform.files.pathOf(file.storageKey)))
            .header('content-length', String(file.size))
            .type(d.inline ? file.mime : 'application/octet-stream')
            .header('content-disposition', d.header)
            .header('x-content-type-options', 'nosniff');
        },
      },
      {
        method: 'GET',
        path: '/api/files/{id}/info',
        async handler(request) {
          const file = await readableFile(platform, actorOf(request), param(request, 'id'));
          return { id: file.id, name: file.name, mime: file.mime, size: file.size, createdAt: file.createdAt };
        },
      },
    ]);
  },
};
